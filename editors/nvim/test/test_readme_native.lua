-- The README's plugin-free setup for Neovim 0.11 (vim.lsp.config and
-- vim.lsp.enable), run as the README has it: a draft in a project with a
-- draftlint.toml gets that project's findings, and the README's fix-all line
-- fixes them.
local H = dofile(vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":p:h") .. "/helpers.lua")

local name = "the README's three-line vim.lsp.config / vim.lsp.enable setup works as written"
H.requires("0.11", name, "vim.lsp.config and vim.lsp.enable")

H.run(name, function()
  local dir = H.project("workspace")
  local file = H.copy_fixture("draft.md", dir .. "/draft.md")
  H.run_snippet("native")
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  H.eq("markdown", vim.bo[buf].filetype, "filetype")
  -- The fixture pack's own message: the root was found by root_markers and
  -- its draftlint.toml read (the built-in pack words this finding otherwise).
  local diags = H.diagnostics(buf, "the project's two HMS Argyle findings", function(d)
    return H.count(d, "HMS Argyle", H.SHIP) == 2
  end)
  for _, d in ipairs(diags) do
    H.eq("draftlint", d.source, "diagnostic source")
  end
  H.ok(package.loaded["draftlint"] == nil, "the plugin was not loaded")
  local client = H.client(buf)
  H.ok(client ~= nil, "a draftlint client is attached")
  H.eq(dir, client.root_dir, "the client's root (from root_markers)")

  local before = vim.api.nvim_buf_get_changedtick(buf)
  H.run_snippet("native-fixall")
  H.wait("the README's fix-all to change the buffer", function()
    return vim.api.nvim_buf_get_changedtick(buf) ~= before
  end)
  vim.cmd("write")
  H.eq(H.read(H.fixtures .. "/draft.fixed.md"), H.read(file), "file on disk after the README's fix-all and :write")
  H.note_client(buf)
end)
