-- The rules folder given to setup() (no draftlint.toml in the project).
local H = dofile(vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":p:h") .. "/helpers.lua")

H.run("setup({ rules = ... }) chooses the rules folder", function()
  local dir = H.project(nil)
  local pack = H.project("pack")
  local file = H.copy_fixture("draft.pack.md", dir .. "/draft.md")
  H.setup({ rules = pack })
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  H.diagnostics(buf, "the pack's pattern finding", function(d)
    return H.count(d, "Japanese Maritime Self Defence Force") == 1
  end)
  vim.cmd("DraftlintFixAll")
  vim.cmd("write")
  H.eq(H.read(H.fixtures .. "/draft.pack.fixed.md"), H.read(file), "file on disk")
  H.note_client(buf)
end)
