-- A quick fix read from the server and applied by Neovim's own edit code:
-- the finding after non-ASCII text (’ and – before it, so its UTF-8 and
-- UTF-16 columns differ) is located in the encoding the client negotiated,
-- its quick fix is asked for with that diagnostic, applied with
-- vim.lsp.util.apply_workspace_edit(edit, client.offset_encoding), written,
-- and the file on disk compared with the expected text.
local H = dofile(vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":p:h") .. "/helpers.lua")

H.run("a quick fix applied with apply_workspace_edit in the client's encoding is written", function()
  local dir = H.project("workspace")
  local file = H.copy_fixture("draft.md", dir .. "/draft.md")
  H.setup()
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  H.diagnostics(buf, "two HMS Argyle findings", function(d)
    return H.count(d, "HMS Argyle", H.SHIP) == 2
  end)
  local client = H.client(buf)
  H.ok(client ~= nil, "a draftlint client is attached")
  local enc = client.offset_encoding
  H.ok(enc == "utf-8" or enc == "utf-16" or enc == "utf-32", "negotiated encoding: " .. tostring(enc))

  -- The server's own diagnostic for the second HMS Argyle, read in `enc`.
  local lnum = vim.fn.search("HMS Argyle will", "n") - 1
  H.ok(lnum >= 0, "the draft has the second HMS Argyle")
  local target
  H.wait("the server's diagnostics for the buffer", function()
    local _, raw = H.received(buf)
    for _, d in ipairs(raw or {}) do
      if d.range.start.line == lnum and d.message:find(H.SHIP, 1, true) then
        target = d
      end
    end
    return target ~= nil
  end)
  H.eq("HMS Argyle", H.covered(buf, target.range, enc), "text the server's range covers, read as " .. enc)
  -- Neovim placed it on the same text (its byte columns).
  local shown = vim.tbl_filter(function(d)
    return d.lnum == lnum and d.message:find(H.SHIP, 1, true) ~= nil
  end, H.shown(buf))
  H.eq(1, #shown, "Neovim's diagnostics for the ship on that line")
  H.eq("HMS Argyle", shown[1].text, "text Neovim's diagnostic covers")

  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = target.range,
    context = { diagnostics = { target }, only = { "quickfix" } },
  }
  local resp
  if H.has("0.11") then
    resp = client:request_sync("textDocument/codeAction", params, H.timeout_ms, buf)
  else
    resp = client.request_sync("textDocument/codeAction", params, H.timeout_ms, buf)
  end
  H.ok(resp ~= nil and resp.err == nil, "codeAction answered: " .. vim.inspect(resp))
  local action
  local titles = {}
  for _, a in ipairs(resp.result or {}) do
    table.insert(titles, a.title)
    if action == nil and a.title:find("HMS Argyll", 1, true) and a.edit then
      action = a
    end
  end
  H.ok(action ~= nil, "a quick fix with an edit to HMS Argyll (offered: " .. vim.inspect(titles) .. ")")
  vim.lsp.util.apply_workspace_edit(action.edit, enc)
  vim.cmd("write")
  H.eq(H.read(H.fixtures .. "/draft.quickfix.md"), H.read(file), "file on disk after the quick fix and :write")
  H.note_client(buf)
end)
