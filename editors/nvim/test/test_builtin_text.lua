-- No project config: the built-in pack; a `text` buffer gets a server and
-- diagnostics from it.
local H = dofile(vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":p:h") .. "/helpers.lua")

H.run("a text buffer with no project config starts the server on the built-in pack", function()
  local dir = H.project(nil)
  local file = H.copy_fixture("draft.md", dir .. "/draft.txt")
  H.setup()
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  H.eq("text", vim.bo[buf].filetype, "filetype")
  H.wait("a draftlint client on the buffer", function()
    return require("draftlint").client(buf) ~= nil
  end)
  -- The built-in pack flags "8th January" (GOV.UK dates): some diagnostic.
  local diags = H.diagnostics(buf, "the built-in pack's diagnostics", function(d)
    return H.count(d, "8th") >= 1
  end)
  for _, d in ipairs(diags) do
    H.eq("draftlint", d.source, "diagnostic source")
  end
  H.note_client(buf)
end)
