-- Test helpers for headless Neovim (0.7+): load the plugin from the repo,
-- copy fixtures to a temporary project, wait for the server, compare files.
-- Each test file is its own `nvim --headless -u NONE -i NONE -n -c 'luafile …'`
-- run and ends with os.exit (see run.sh).

local H = {}

local here = debug.getinfo(1, "S").source:sub(2)
H.test_dir = vim.fn.fnamemodify(here, ":p:h")
H.plugin_dir = vim.fn.fnamemodify(H.test_dir, ":h")
H.fixtures = H.test_dir .. "/fixtures"
H.timeout_ms = tonumber(os.getenv("DRAFTLINT_TEST_TIMEOUT_MS") or "") or 15000

vim.opt.runtimepath:prepend(H.plugin_dir)
vim.cmd("filetype on")
vim.o.swapfile = false
vim.o.shortmess = vim.o.shortmess .. "F"

H.bin = os.getenv("DRAFTLINT_BIN")

-- The message of the fixture pack's pattern rule (fixtures/workspace/rules/curated/p.toml).
H.SHIP = "The ship is HMS Argyll."

-- Every publishDiagnostics, raw, by URI (the plugin's client uses the
-- global handler, which we wrap and still call).
H.published = {}
H.publish_count = {}
local orig = vim.lsp.handlers["textDocument/publishDiagnostics"]
vim.lsp.handlers["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
  if result and result.uri then
    H.published[result.uri] = result.diagnostics
    H.publish_count[result.uri] = (H.publish_count[result.uri] or 0) + 1
  end
  return orig(err, result, ctx, config)
end

-- Messages (errors from the plugin or Neovim) are kept for failure reports.
H.messages = {}
local orig_notify = vim.notify
vim.notify = function(msg, level, opts)
  table.insert(H.messages, msg)
  return orig_notify(msg, level, opts)
end

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

--- require("draftlint").setup(opts), noting when the server exits.
function H.setup(opts)
  opts = vim.tbl_extend("force", { bin = H.bin }, opts or {})
  opts.on_exit = function(code, signal)
    H.exited = { code = code, signal = signal }
  end
  require("draftlint").setup(opts)
end

function H.wait(what, pred)
  local ok = vim.wait(H.timeout_ms, function()
    return H.exited ~= nil or pred()
  end, 20)
  if H.exited and not pred() then
    error(string.format("the server exited (code %s, signal %s) while waiting for %s\nlsp log: %s",
      tostring(H.exited.code), tostring(H.exited.signal), what, vim.lsp.get_log_path()), 2)
  end
  if not ok then
    error(string.format("timed out after %d ms waiting for %s\nmessages:\n%s\nlsp log: %s",
      H.timeout_ms, what, table.concat(H.messages, "\n"), vim.lsp.get_log_path()), 2)
  end
end

--- The text an LSP range covers in `bufnr` (UTF-16 columns).
function H.covered(bufnr, range)
  local line = vim.api.nvim_buf_get_lines(bufnr, range.start.line, range.start.line + 1, false)[1] or ""
  local s = vim.str_byteindex(line, range.start.character, true)
  local e = vim.str_byteindex(line, range["end"].character, true)
  return line:sub(s + 1, e)
end

--- Waits for diagnostics on `bufnr` for which `pred(diags)` holds; returns them.
function H.diagnostics(bufnr, what, pred)
  local uri = vim.uri_from_bufnr(bufnr)
  pred = pred or function() return true end
  H.wait(what or ("diagnostics for " .. uri), function()
    local d = H.published[uri]
    return d ~= nil and pred(d)
  end)
  return H.published[uri]
end

--- How many of `diags` cover text containing `needle` (and, if given, have
--- a message containing `message`: the fixture pack's own rule, not a
--- built-in one flagging the same words).
function H.count(diags, bufnr, needle, message)
  local n = 0
  for _, d in ipairs(diags) do
    if H.covered(bufnr, d.range):find(needle, 1, true)
      and (message == nil or d.message:find(message, 1, true)) then
      n = n + 1
    end
  end
  return n
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

--- Runs `fn`, reports `ok`/`not ok`, and exits Neovim with 0 or 1.
function H.run(name, fn)
  if not H.bin or vim.fn.executable(H.bin) ~= 1 then
    report("not ok - " .. name .. ": set DRAFTLINT_BIN to the draftlint binary\n")
    os.exit(1)
  end
  local ok, err = xpcall(fn, debug.traceback)
  for _, client in pairs(vim.lsp.get_active_clients()) do
    client.stop()
  end
  if ok then
    report("ok - " .. name .. "\n")
    os.exit(0)
  else
    report("not ok - " .. name .. "\n" .. tostring(err) .. "\n")
    os.exit(1)
  end
end

return H
