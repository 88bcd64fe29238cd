-- Issue 4: load the plugin, open a draft with known departures, wait for the
-- diagnostics, :DraftlintFixAll, :write, compare the file with the expected text.
local H = dofile(vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":p:h") .. "/helpers.lua")

H.run("DraftlintFixAll fixes every safe finding and the written file matches", function()
  local dir = H.project("workspace")
  local file = H.copy_fixture("draft.md", dir .. "/draft.md")
  H.setup()
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  H.eq("markdown", vim.bo[buf].filetype, "filetype")
  local diags = H.diagnostics(buf, "two HMS Argyle findings and the date finding", function(d)
    return H.count(d, "HMS Argyle", H.SHIP) == 2 and H.count(d, "8th") >= 1
  end)
  for _, d in ipairs(diags) do
    H.eq("draftlint", d.source, "diagnostic source")
    H.ok(type(d.code) == "string" and d.code ~= "", "diagnostic has a code: " .. vim.inspect(d))
  end
  local before = H.changes[buf] or 0
  vim.cmd("DraftlintFixAll")
  vim.cmd("write")
  H.eq(H.read(H.fixtures .. "/draft.fixed.md"), H.read(file), "file on disk after :DraftlintFixAll and :write")
  -- The server sees the change and withdraws the findings: Neovim's list
  -- changes and no longer holds the ship's message (a stale list would still
  -- have it, on the fixed text).
  H.diagnostics(buf, "findings withdrawn after the fix", function(d)
    return (H.changes[buf] or 0) > before and H.count(d, "", H.SHIP) == 0
  end)
  H.note_client(buf)
end)
