-- Test helpers for headless Neovim (0.7 and 0.11): load the plugin from the
-- repo, copy fixtures to a temporary project, wait for the server, compare
-- files. Each test file is its own `nvim --headless -u NONE -i NONE -n -c
-- 'luafile …'` run and ends with os.exit (see run.sh).
--
-- Version-aware where Neovim differs:
-- - Diagnostics are read through vim.diagnostic.get, which both delivery modes
--   feed: 0.7 gets them pushed (textDocument/publishDiagnostics); 0.11 pulls
--   them (textDocument/diagnostic) when the server offers it.
-- - LSP columns are read in the encoding the client negotiated
--   (client.offset_encoding): UTF-16 on 0.7, UTF-8 on 0.11.
-- - Deprecated APIs: every vim.deprecate call made from the plugin or the
--   tests fails the test, so nothing here leans on what a newer Neovim warns
--   about.

local H = {}

local here = debug.getinfo(1, "S").source:sub(2)
H.test_dir = vim.fn.fnamemodify(here, ":p:h")
H.plugin_dir = vim.fn.fnamemodify(H.test_dir, ":h")
H.fixtures = H.test_dir .. "/fixtures"
H.timeout_ms = tonumber(os.getenv("DRAFTLINT_TEST_TIMEOUT_MS") or "") or 15000

function H.has(version)
  return vim.fn.has("nvim-" .. version) == 1
end

do
  local v = vim.version()
  H.version = string.format("%d.%d.%d", v.major, v.minor, v.patch)
end

vim.opt.runtimepath:prepend(H.plugin_dir)
vim.cmd("filetype on")
vim.o.swapfile = false
vim.o.shortmess = vim.o.shortmess .. "F"

H.bin = os.getenv("DRAFTLINT_BIN")

-- The message of the fixture pack's pattern rule (fixtures/workspace/rules/curated/p.toml).
H.SHIP = "The ship is HMS Argyll."

-- Messages (errors from the plugin or Neovim) are kept for failure reports.
H.messages = {}
local orig_notify = vim.notify
vim.notify = function(msg, level, opts)
  table.insert(H.messages, tostring(msg))
  return orig_notify(msg, level, opts)
end

-- Deprecated calls made from our code (the plugin or a test), with where.
H.deprecated = {}
local orig_deprecate = vim.deprecate
vim.deprecate = function(name, alternative, ...)
  local trace = debug.traceback("", 2)
  if trace:find(H.plugin_dir, 1, true) then
    table.insert(H.deprecated, string.format("%s (use %s)%s", tostring(name), tostring(alternative), trace))
  end
  return orig_deprecate(name, alternative, ...)
end

-- The server's own diagnostics as they arrive, by URI and how they came
-- ("push" or "pull"). The handlers are looked up when a message arrives, so
-- wrapping the global ones here also sees the plugin's and the native
-- client's traffic.
H.raw = {}
H.delivery = {}
local function wrap(method, mode, items)
  local orig = vim.lsp.handlers[method]
  if orig == nil then
    return
  end
  vim.lsp.handlers[method] = function(err, result, ctx, config)
    local uri, list = items(result, ctx)
    if uri and list then
      H.raw[uri] = list
      H.delivery[uri] = mode
    end
    return orig(err, result, ctx, config)
  end
end
wrap("textDocument/publishDiagnostics", "push", function(result)
  return result and result.uri, result and result.diagnostics
end)
wrap("textDocument/diagnostic", "pull", function(result, ctx)
  local uri = ctx and ctx.params and ctx.params.textDocument and ctx.params.textDocument.uri
  if result and result.kind == "full" then
    return uri, result.items
  end
end)

-- How many times Neovim's diagnostics changed, by buffer (DiagnosticChanged
-- fires for both push and pull).
H.changes = {}
vim.api.nvim_create_autocmd("DiagnosticChanged", {
  callback = function(args)
    H.changes[args.buf] = (H.changes[args.buf] or 0) + 1
  end,
})

function H.read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

function H.write(path, text)
  local f = assert(io.open(path, "wb"))
  f:write(text)
  f:close()
end

--- A new temporary folder holding a copy of fixtures/<name> (or empty).
function H.project(name)
  local dir = vim.fn.tempname()
  vim.fn.mkdir(dir, "p")
  if name then
    local src = H.fixtures .. "/" .. name
    local out = vim.fn.system({ "cp", "-R", src .. "/.", dir })
    assert(vim.v.shell_error == 0, "copy failed: " .. out)
  end
  return dir
end

function H.copy_fixture(name, to)
  H.write(to, H.read(H.fixtures .. "/" .. name))
  return to
end

--- The fenced code block that follows `<!-- test:NAME -->` in a README
--- (editors/nvim/README.md unless `path` is given): the text users copy,
--- run as it stands.
function H.snippet(name, path)
  path = path or (H.plugin_dir .. "/README.md")
  local text = H.read(path)
  local marker = "<!-- test:" .. name .. " -->"
  local at = text:find(marker, 1, true)
  H.ok(at ~= nil, "no " .. marker .. " in " .. path)
  local body = text:match("^%s*```[%w]*\n(.-)\n%s*```", at + #marker)
  H.ok(body ~= nil, "no fenced code block right after " .. marker .. " in " .. path)
  return body
end

--- Runs a Lua snippet from the README (see H.snippet).
function H.run_snippet(name)
  local code = H.snippet(name)
  local chunk, err = (loadstring or load)(code, "README.md " .. name)
  H.ok(chunk ~= nil, "README snippet " .. name .. " does not parse: " .. tostring(err))
  chunk()
  return code
end

--- require("draftlint").setup(opts), noting when the server exits.
function H.setup(opts)
  opts = vim.tbl_extend("force", { bin = H.bin }, opts or {})
  opts.on_exit = function(code, signal)
    H.exited = { code = code, signal = signal }
  end
  require("draftlint").setup(opts)
end

--- Every LSP client (not deprecated on either version).
function H.clients(bufnr)
  if vim.lsp.get_clients then -- 0.10+
    return vim.lsp.get_clients(bufnr and { bufnr = bufnr } or nil)
  end
  if bufnr then
    return vim.tbl_values(vim.lsp.buf_get_clients(bufnr))
  end
  return vim.lsp.get_active_clients()
end

--- The draftlint client attached to `bufnr` (however it was started).
function H.client(bufnr)
  for _, client in ipairs(H.clients(bufnr)) do
    if client.name == "draftlint" then
      return client
    end
  end
  return nil
end

local function lsp_log()
  return vim.lsp.log and vim.lsp.log.get_filename and vim.lsp.log.get_filename() or vim.lsp.get_log_path()
end

function H.wait(what, pred)
  local ok = vim.wait(H.timeout_ms, function()
    return H.exited ~= nil or pred()
  end, 20)
  if H.exited and not pred() then
    error(string.format("the server exited (code %s, signal %s) while waiting for %s\nlsp log: %s",
      tostring(H.exited.code), tostring(H.exited.signal), what, lsp_log()), 2)
  end
  if not ok then
    error(string.format("timed out after %d ms waiting for %s\nmessages:\n%s\nlsp log: %s",
      H.timeout_ms, what, table.concat(H.messages, "\n"), lsp_log()), 2)
  end
end

--- The byte index in `line` of LSP column `col` in `encoding`
--- ("utf-8", "utf-16" or "utf-32", as in client.offset_encoding).
function H.byteindex(line, col, encoding)
  if encoding == "utf-8" then
    return math.min(col, #line)
  end
  if H.has("0.11") then
    return vim.str_byteindex(line, encoding, col, false)
  end
  local ok, b = pcall(vim.str_byteindex, line, col, encoding == "utf-16")
  return ok and b or #line
end

--- The text an LSP range covers in `bufnr`, its columns read in `encoding`.
function H.covered(bufnr, range, encoding)
  local line = vim.api.nvim_buf_get_lines(bufnr, range.start.line, range.start.line + 1, false)[1] or ""
  local s = H.byteindex(line, range.start.character, encoding)
  local e = H.byteindex(line, range["end"].character, encoding)
  return line:sub(s + 1, e)
end

--- Neovim's diagnostics for `bufnr` (vim.diagnostic.get: byte columns, fed
--- by push or pull), each with `text`, the text it covers on its line.
function H.shown(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local line = vim.api.nvim_buf_get_lines(bufnr, d.lnum, d.lnum + 1, false)[1] or ""
    local e = d.end_lnum == d.lnum and d.end_col or #line
    local item = vim.deepcopy(d)
    item.text = line:sub(d.col + 1, e)
    table.insert(out, item)
  end
  return out
end

--- Waits for Neovim's diagnostics on `bufnr` for which `pred(diags)` holds
--- (see H.shown); returns them.
function H.diagnostics(bufnr, what, pred)
  pred = pred or function(d)
    return #d > 0
  end
  local got
  H.wait(what or ("diagnostics for buffer " .. bufnr), function()
    got = H.shown(bufnr)
    return pred(got)
  end)
  return got
end

--- How many of `diags` (from H.diagnostics) cover text containing `needle`
--- (and, if given, have a message containing `message`: the fixture pack's
--- own rule, not a built-in one flagging the same words).
function H.count(diags, needle, message)
  local n = 0
  for _, d in ipairs(diags) do
    if d.text:find(needle, 1, true) and (message == nil or d.message:find(message, 1, true)) then
      n = n + 1
    end
  end
  return n
end

--- How the server's diagnostics reached `bufnr` ("push", "pull" or nil), and
--- the server's own (LSP) diagnostics for it.
function H.received(bufnr)
  local uri = vim.uri_from_bufnr(bufnr)
  return H.delivery[uri], H.raw[uri]
end

function H.eq(want, got, what)
  if want ~= got then
    error(string.format("%s:\n--- want\n%s\n--- got\n%s", what or "not equal", tostring(want), tostring(got)), 2)
  end
end

function H.ok(cond, what)
  if not cond then
    error(what or "assertion failed", 2)
  end
end

-- Result lines go to $DRAFTLINT_TEST_OUT when set (run.sh), else stdout:
-- Neovim's own messages share stdout and stderr in headless mode.
local function report(line)
  local path = os.getenv("DRAFTLINT_TEST_OUT")
  if path and path ~= "" then
    local f = io.open(path, "a")
    if f then
      f:write(line)
      f:close()
      return
    end
  end
  io.stdout:write(line)
end

--- Notes shown after the test's name on success (e.g. "utf-8, pull").
H.notes = {}

--- Notes how the draftlint client on `bufnr` talks to the server.
function H.note_client(bufnr)
  local client = H.client(bufnr)
  if client then
    table.insert(H.notes, client.offset_encoding)
  end
  local mode = H.received(bufnr)
  if mode then
    table.insert(H.notes, mode)
  end
end

--- For a test of a feature only newer Neovims have: on an older one, says
--- so and exits 77, which run.sh reports as not run there (never as a pass;
--- and a test run on no version at all fails the run).
function H.requires(version, name, why)
  if not H.has(version) then
    report(string.format("skip - %s: needs Neovim %s (%s)\n", name, version, why))
    os.exit(77)
  end
end

--- Runs `fn`, reports `ok`/`not ok`, and exits Neovim with 0 or 1.
function H.run(name, fn)
  if not H.bin or vim.fn.executable(H.bin) ~= 1 then
    report("not ok - " .. name .. ": set DRAFTLINT_BIN to the draftlint binary\n")
    os.exit(1)
  end
  local ok, err = xpcall(fn, debug.traceback)
  if ok and #H.deprecated > 0 then
    ok, err = false, "deprecated Neovim APIs used:\n" .. table.concat(H.deprecated, "\n")
  end
  local ids = {}
  for _, client in ipairs(H.clients()) do
    table.insert(ids, client.id)
  end
  if #ids > 0 then
    vim.lsp.stop_client(ids)
  end
  if ok then
    local notes = #H.notes > 0 and (" (" .. table.concat(H.notes, ", ") .. ")") or ""
    report("ok - " .. name .. notes .. "\n")
    os.exit(0)
  else
    report("not ok - " .. name .. "\n" .. tostring(err) .. "\n")
    os.exit(1)
  end
end

return H
