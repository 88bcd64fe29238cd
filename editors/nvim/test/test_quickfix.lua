-- Issue 3: a quick fix through Neovim's own LSP client (vim.lsp.buf.code_action,
-- the user picking the fix in vim.ui.select), then :write; check the file on disk.
local H = dofile(vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":p:h") .. "/helpers.lua")

H.run("a quick fix chosen through vim.lsp.buf.code_action is applied and written", function()
  local dir = H.project("workspace")
  local file = H.copy_fixture("draft.md", dir .. "/draft.md")
  H.setup()
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  H.diagnostics(buf, "two HMS Argyle findings", function(d)
    return H.count(d, "HMS Argyle", H.SHIP) == 2
  end)
  -- The second HMS Argyle, after non-ASCII text on its line (so UTF-8 and
  -- UTF-16 columns differ there).
  H.ok(vim.fn.search("HMS Argyle will") > 0, "cursor on the finding")
  local lnum = vim.api.nvim_win_get_cursor(0)[1] - 1
  H.ok(#vim.diagnostic.get(buf, { lnum = lnum }) > 0, "Neovim shows a diagnostic on the cursor line")

  local offered = {}
  vim.ui.select = function(items, opts, on_choice)
    local choice
    for _, item in ipairs(items) do
      local action = item[2] or item.action
      table.insert(offered, action.title)
      if choice == nil and action.title:find("HMS Argyll", 1, true) then
        choice = item
      end
    end
    on_choice(choice)
  end
  local before = vim.api.nvim_buf_get_changedtick(buf)
  if H.has("0.8") then
    vim.lsp.buf.code_action({ context = { only = { "quickfix" } } })
  else
    vim.lsp.buf.code_action({ only = { "quickfix" } })
  end
  H.wait("the quick fix to change the buffer (offered: " .. vim.inspect(offered) .. ")", function()
    return vim.api.nvim_buf_get_changedtick(buf) ~= before
  end)
  vim.cmd("write")
  H.eq(H.read(H.fixtures .. "/draft.quickfix.md"), H.read(file), "file on disk after the quick fix and :write")
  H.note_client(buf)
end)
