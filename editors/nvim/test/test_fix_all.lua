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
    return H.count(d, buf, "HMS Argyle", H.SHIP) == 2 and H.count(d, buf, "8th") >= 1
  end)
  for _, d in ipairs(diags) do
    H.eq("draftlint", d.source, "diagnostic source")
    H.ok(type(d.code) == "string" and d.code ~= "", "diagnostic has a code: " .. vim.inspect(d))
  end
  H.ok(#vim.diagnostic.get(buf) >= 3, "Neovim shows the diagnostics")
  local before = H.publish_count[vim.uri_from_bufnr(buf)]
  vim.cmd("DraftlintFixAll")
  vim.cmd("write")
  H.eq(H.read(H.fixtures .. "/draft.fixed.md"), H.read(file), "file on disk after :DraftlintFixAll and :write")
  -- The server sees the change and withdraws the findings.
  H.diagnostics(buf, "findings withdrawn after the fix", function(d)
    return H.publish_count[vim.uri_from_bufnr(buf)] > before and H.count(d, buf, "HMS Argyle") == 0
  end)
end)
