-- The README's severity example, run as the README has it: on the built-in
-- pack (which flags the misspelt ship as name/exact errors and "8th January"
-- as date/format), the names become warnings and the date family is off.
local H = dofile(vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":p:h") .. "/helpers.lua")

H.run("the README's severity example turns names into warnings and the date family off", function()
  local dir = H.project(nil)
  local file = H.copy_fixture("draft.md", dir .. "/draft.md")
  H.run_snippet("severity")
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local warn = vim.diagnostic.severity.WARN
  local diags = H.diagnostics(buf, "the two name/exact findings, as warnings", function(d)
    local n = 0
    for _, x in ipairs(d) do
      if x.code == "name/exact" and x.text == "HMS Argyle" and x.severity == warn then
        n = n + 1
      end
    end
    return n == 2
  end)
  -- The same answer from the server holds every finding: none of the family.
  for _, d in ipairs(diags) do
    H.ok(not tostring(d.code):find("^date/"), "a date finding with date = \"off\": " .. vim.inspect(d))
  end
  H.note_client(buf)
end)
