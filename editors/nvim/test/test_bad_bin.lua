-- A `bin` that cannot be run: the plugin says which, and starts nothing.
local H = dofile(vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":p:h") .. "/helpers.lua")

H.run("setup({ bin = <missing> }) says it cannot run the binary and starts no client", function()
  local dir = H.project(nil)
  local file = H.copy_fixture("draft.md", dir .. "/draft.md")
  local missing = dir .. "/no-such-draftlint"
  require("draftlint").setup({ bin = missing })
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  H.wait("a message naming the binary", function()
    for _, m in ipairs(H.messages) do
      if m:find("draftlint: cannot run '" .. missing .. "'", 1, true) then
        return true
      end
    end
    return false
  end)
  vim.wait(200)
  H.eq(nil, H.client(buf), "a draftlint client")
end)
