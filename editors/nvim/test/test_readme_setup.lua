-- The README's plugin setup, run as the README has it (every option at its
-- documented default), on the way each Neovim starts a client: 0.7 through
-- vim.lsp.start_client, 0.11 through vim.lsp.config / vim.lsp.enable.
local H = dofile(vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":p:h") .. "/helpers.lua")

H.run("the README's require('draftlint').setup({...}) starts the server for a draft", function()
  local called = {}
  for _, fn in ipairs({ "start_client", "start", "enable" }) do
    local orig = vim.lsp[fn]
    if orig then
      vim.lsp[fn] = function(...)
        called[fn] = (called[fn] or 0) + 1
        return orig(...)
      end
    end
  end
  local dir = H.project("workspace")
  local file = H.copy_fixture("draft.md", dir .. "/draft.md")
  H.run_snippet("setup")
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  H.diagnostics(buf, "the project's two HMS Argyle findings", function(d)
    return H.count(d, "HMS Argyle", H.SHIP) == 2
  end)
  local client = require("draftlint").client(buf)
  H.ok(client ~= nil, "require('draftlint').client(buf) finds the client")
  H.eq(dir, client.config.root_dir, "the client's root")
  if H.has("0.11") then
    H.eq(1, called.enable, "vim.lsp.enable calls")
    H.eq(nil, called.start_client, "vim.lsp.start_client calls")
  elseif vim.lsp.start then
    H.eq(1, called.start, "vim.lsp.start calls")
  else
    H.eq(1, called.start_client, "vim.lsp.start_client calls")
  end
  H.note_client(buf)
  table.insert(H.notes, "via " .. table.concat(vim.tbl_keys(called), "+"))
end)
