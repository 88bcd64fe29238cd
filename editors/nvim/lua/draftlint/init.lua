-- draftlint for Neovim: starts `draftlint lsp` for markdown and text buffers
-- and adds :DraftlintFixAll.
--
-- Works on Neovim 0.7 (Debian 12's) through vim.lsp.start_client and
-- vim.lsp.buf_attach_client; uses vim.lsp.start on 0.8+ and vim.lsp.config /
-- vim.lsp.enable on 0.11+, where they exist.

local M = {}

--- The code-action kind the server offers for "apply every safe fix".
M.FIX_ALL_KIND = "source.fixAll.draftlint"

local defaults = {
  -- The draftlint binary: a name on PATH or a path.
  bin = "draftlint",
  -- The rules folder (the pack holding learned/ and curated/). Relative paths
  -- are taken from the project root. nil: the project's draftlint.toml, else
  -- the built-in pack.
  rules = nil,
  -- Severity overrides by rule code or by family (the part of the code before
  -- the "/"): { ["name/exact"] = "warning", date = "off" }.
  severity = {},
  filetypes = { "markdown", "text" },
  -- Files or folders that mark a project root, nearest first.
  root_markers = { "draftlint.toml", ".git" },
  -- Passed through to the client.
  on_attach = nil,
  on_exit = nil,
  capabilities = nil,
  handlers = nil,
  -- Start the server automatically for buffers of `filetypes`.
  autostart = true,
}

M.config = vim.deepcopy(defaults)

local function has(version)
  return vim.fn.has("nvim-" .. version) == 1
end

local function notify(msg, level)
  vim.notify("draftlint: " .. msg, level or vim.log.levels.INFO)
end

local function is_absolute(path)
  return path:sub(1, 1) == "/" or path:match("^%a:[/\\]") ~= nil
end

local function dirname(path)
  return vim.fn.fnamemodify(path, ":h")
end

--- The nearest folder at or above `path` holding one of `markers`.
function M.find_root(path, markers)
  local dir = vim.fn.isdirectory(path) == 1 and path or dirname(path)
  dir = vim.fn.fnamemodify(dir, ":p"):gsub("/$", "")
  if dir == "" then
    dir = "/"
  end
  while true do
    for _, marker in ipairs(markers) do
      local candidate = dir .. "/" .. marker
      if vim.fn.filereadable(candidate) == 1 or vim.fn.isdirectory(candidate) == 1 then
        return dir
      end
    end
    local parent = dirname(dir)
    if parent == dir or parent == "" then
      return nil
    end
    dir = parent
  end
end

--- What the server is given, as initializationOptions and under
--- settings.draftlint: only what is set, so the server's defaults apply
--- otherwise.
function M.server_options(config, root)
  local out = vim.empty_dict()
  if config.rules and config.rules ~= "" then
    local rules = vim.fn.expand(config.rules)
    if not is_absolute(rules) then
      rules = (root or vim.fn.getcwd()) .. "/" .. rules
    end
    out.rulesPath = vim.fn.fnamemodify(rules, ":p"):gsub("/$", "")
  end
  if config.severity and next(config.severity) ~= nil then
    out.severity = config.severity
  end
  return out
end

local function cmd(config)
  return { vim.fn.expand(config.bin), "lsp" }
end

--- Whether the configured binary can be run; says so when it cannot (Neovim
--- itself would only write it to its LSP log).
local function runnable()
  if vim.fn.executable(cmd(M.config)[1]) == 1 then
    return true
  end
  notify("cannot run '" .. M.config.bin .. "': set bin in require('draftlint').setup{}", vim.log.levels.ERROR)
  return false
end

--- The client configuration for a buffer's project root.
function M.client_config(root)
  local config = M.config
  local opts = M.server_options(config, root)
  return {
    name = "draftlint",
    cmd = cmd(config),
    cmd_cwd = root,
    root_dir = root,
    workspace_folders = root and { { uri = vim.uri_from_fname(root), name = root } } or nil,
    init_options = opts,
    settings = { draftlint = opts },
    on_attach = config.on_attach,
    on_exit = config.on_exit,
    capabilities = config.capabilities,
    handlers = config.handlers,
  }
end

-- Neovim 0.7: one client per root, started and attached by hand.
local clients_by_root = {}

local function start_07(bufnr, root, client_config)
  local key = root or ""
  local id = clients_by_root[key]
  if id == nil or vim.lsp.get_client_by_id(id) == nil or vim.lsp.client_is_stopped(id) then
    id = vim.lsp.start_client(client_config)
    if id == nil then
      notify("could not start " .. table.concat(client_config.cmd, " "), vim.log.levels.ERROR)
      return nil
    end
    clients_by_root[key] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

--- Starts (or reuses) the server for `bufnr` and attaches it. Returns the client id.
function M.start(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local name = vim.api.nvim_buf_get_name(bufnr)
  local root = name ~= "" and M.find_root(name, M.config.root_markers) or nil
  if root == nil and name ~= "" then
    root = dirname(vim.fn.fnamemodify(name, ":p"))
  end
  if not runnable() then
    return nil
  end
  local client_config = M.client_config(root)
  if vim.lsp.start then
    return vim.lsp.start(client_config, { bufnr = bufnr })
  end
  return start_07(bufnr, root, client_config)
end

--- The draftlint client attached to `bufnr`, if any.
function M.client(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if vim.lsp.get_clients then -- 0.10+
    return vim.lsp.get_clients({ bufnr = bufnr, name = "draftlint" })[1]
  end
  for _, client in pairs(vim.lsp.buf_get_clients(bufnr)) do
    if client.name == "draftlint" then
      return client
    end
  end
  return nil
end

-- Client methods are called with `:` from 0.11 on (`.` is deprecated there).
local function request_sync(client, method, params, timeout_ms, bufnr)
  if has("0.11") then
    return client:request_sync(method, params, timeout_ms, bufnr)
  end
  return client.request_sync(method, params, timeout_ms, bufnr)
end

local function resolve_provider(client)
  local caps = client.server_capabilities or {}
  local ca = caps.codeActionProvider
  if ca == nil and client.resolved_capabilities then
    ca = client.resolved_capabilities.code_action
  end
  return type(ca) == "table" and ca.resolveProvider == true
end

--- Applies every safe fix in `bufnr` (the server's source.fixAll.draftlint
--- action), synchronously, so that a following :write saves the result.
--- Returns true when an edit was applied.
function M.fix_all(bufnr, timeout_ms)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  timeout_ms = timeout_ms or 5000
  local client = M.client(bufnr)
  if client == nil then
    notify("no draftlint server for this buffer", vim.log.levels.WARN)
    return false
  end
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = {
      start = { line = 0, character = 0 },
      ["end"] = { line = vim.api.nvim_buf_line_count(bufnr), character = 0 },
    },
    context = { diagnostics = {}, only = { M.FIX_ALL_KIND } },
  }
  local resp, err = request_sync(client, "textDocument/codeAction", params, timeout_ms, bufnr)
  if resp == nil or resp.err then
    notify("fix-all failed: " .. vim.inspect(err or resp.err), vim.log.levels.ERROR)
    return false
  end
  local applied = false
  for _, action in ipairs(resp.result or {}) do
    if action.kind == M.FIX_ALL_KIND then
      if action.edit == nil and resolve_provider(client) then
        local r = request_sync(client, "codeAction/resolve", action, timeout_ms, bufnr)
        if r and r.result then
          action = r.result
        end
      end
      if action.edit then
        vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
        applied = true
      end
      if type(action.command) == "table" then
        request_sync(client, "workspace/executeCommand", {
          command = action.command.command,
          arguments = action.command.arguments,
        }, timeout_ms, bufnr)
        applied = true
      end
    end
  end
  if not applied then
    notify("nothing to fix")
  end
  return applied
end

local function create_commands()
  vim.api.nvim_create_user_command("DraftlintFixAll", function()
    M.fix_all(0)
  end, { desc = "draftlint: apply every safe fix in this buffer" })
  vim.api.nvim_create_user_command("DraftlintStart", function()
    M.start(0)
  end, { desc = "draftlint: start the language server for this buffer" })
end

--- require("draftlint").setup({ bin = ..., rules = ..., severity = {...} })
function M.setup(opts)
  M.config = vim.tbl_deep_extend("force", vim.deepcopy(defaults), opts or {})
  create_commands()
  if not M.config.autostart then
    return
  end

  if has("0.11") and vim.lsp.config and vim.lsp.enable then
    -- Native configuration: Neovim finds the root and attaches by filetype.
    -- It would not start a binary it cannot run, and say so only in its log.
    if not runnable() then
      return
    end
    vim.lsp.config("draftlint", {
      cmd = cmd(M.config),
      filetypes = M.config.filetypes,
      root_markers = M.config.root_markers,
      on_attach = M.config.on_attach,
      on_exit = M.config.on_exit,
      capabilities = M.config.capabilities,
      handlers = M.config.handlers,
      before_init = function(params, config)
        params.initializationOptions = M.server_options(M.config, config.root_dir)
      end,
      on_init = function(client)
        -- For workspace/configuration answers (client.settings on 0.11+).
        local settings = { draftlint = M.server_options(M.config, client.root_dir or client.config.root_dir) }
        client.settings = settings
        client.config.settings = settings
      end,
    })
    vim.lsp.enable("draftlint")
    return
  end

  local group = vim.api.nvim_create_augroup("draftlint", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = M.config.filetypes,
    callback = function(args)
      M.start(args.buf)
    end,
  })
  -- Buffers already open when setup() runs.
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.tbl_contains(M.config.filetypes, vim.bo[buf].filetype) then
      M.start(buf)
    end
  end
end

return M
