-- autostart = false: nothing starts on its own; :DraftlintStart starts the
-- server for the current buffer (vim.lsp.start_client on 0.7, vim.lsp.start
-- later), at the project root.
local H = dofile(vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":p:h") .. "/helpers.lua")

H.run("with autostart = false, :DraftlintStart starts the server for the buffer", function()
  local dir = H.project("workspace")
  vim.fn.mkdir(dir .. "/sub", "p")
  local file = H.copy_fixture("draft.md", dir .. "/sub/draft.md")
  H.setup({ autostart = false })
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  vim.wait(300)
  H.eq(nil, H.client(buf), "a client before :DraftlintStart")
  vim.cmd("DraftlintStart")
  H.diagnostics(buf, "the project's two HMS Argyle findings", function(d)
    return H.count(d, "HMS Argyle", H.SHIP) == 2
  end)
  H.eq(dir, H.client(buf).config.root_dir, "the client's root (the folder holding draftlint.toml)")
  H.note_client(buf)
end)
