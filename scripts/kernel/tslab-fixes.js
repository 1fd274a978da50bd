"use strict";
/**
 * @file Runtime fixes for tslab 1.0.22, applied to tslab's own classes and modules before its kernel
 * starts (no fork of tslab; see docs/kernel.md). Each is tested through the real
 * Jupyter protocol in test/jupyter/kernel.test.ts.
 *
 * 1. Lost output. tslab calls zeromq's `send()` without awaiting it. zeromq 6 completes at most 512
 *    back-to-back sends synchronously; later sends in the same tick fail with EBUSY and the error is
 *    swallowed, so long outputs (and sometimes the "idle" status) vanish. Fix: the IOPub publisher is
 *    made non-blocking (no send timeout, no high-water mark), so every send completes synchronously and
 *    in order; any send that still cannot go out is queued and retried in order; shell/control replies
 *    are sent through an awaited queue. Stream output is batched (as ipykernel does) so 20,000
 *    `console.log` lines become a few messages instead of 20,000.
 * 2. Skipped cells. After an error tslab aborts every execute request arriving in the next 200 ms,
 *    which silently skips the next cells of `nbclient --allow-errors` runs. Fix: a request whose
 *    `stop_on_error` is false never aborts anything; an error with `stop_on_error` true aborts only
 *    the requests the client sent before it could see the error (those already queued, and those that
 *    arrive during a short drain window before the error reply is sent), like ipykernel.
 * 3. Folder imports. TypeScript resolves `import ... from "./rnn"` to `rnn/index.ts`, but tslab's
 *    runtime looks only for `rnn.js` among the compiled local modules and fails with "Cannot find
 *    module". Fix: a relative require naming a folder with an index.ts (and no file of that name) is
 *    redirected to `<folder>/index`, in cells and inside local modules.
 * 4. Stale local modules. tslab recompiles only the local files that changed and drops only those
 *    from its module cache, so a module importing a changed file (e.g. src/index.ts) keeps the old
 *    exports. Fix: when a local file is recompiled after an edit, the modules that import it,
 *    directly or not, are dropped too; re-running the import cell then picks up edits to src, while
 *    modules untouched by the edit keep their instances (classes stay identical). Objects created
 *    before the edit keep their old classes.
 * 6. Readable errors. A cell's runtime error is printed as its message and the frames in notebook
 *    cells and local TypeScript files at their TypeScript lines, without tslab's and Node's frames
 *    (error-report.js; source maps from typescript-for-tslab.js).
 * 7. Names survive a throwing cell: names declared before the statement that threw stay defined,
 *    with their types; the others are as before the cell (cell-declarations.js).
 * 8. One TypeScript: tslab compiles with the project's TypeScript instead of its 5.0.4 fork
 *    (typescript-for-tslab.js).
 * 5. Protocol details (found by the Jupyter kernel conformance suite): kernel_info_reply gets its
 *    required `status`, comm_info_request is answered with a comm_info_reply (tslab sent a message
 *    typed complete_reply), and error replies carry ename/evalue/traceback taken from the stderr
 *    tslab printed, so nbclient and nbconvert can say what failed.
 * 9. A kernel that cannot listen exits. When a port of the connection file is taken (another
 *    process bound it between Jupyter choosing it and the kernel starting), tslab logs the rejected
 *    bind as an unhandled rejection and stays alive without answering, so clients wait for their
 *    whole start-up timeout ("Kernel didn't respond in 60 seconds"). Fix: the kernel says which
 *    address failed and exits, so Jupyter sees it die and can start it again on new ports.
 * 10. One program per cell (speed only; the compiled code and diagnostics are the same): tslab's
 *    converter built two TypeScript programs for every cell declaring a name, the first only to read
 *    the names; that first update is now answered without a program (cell-program.js).
 *
 * Plain CommonJS JavaScript: the kernel must start without any TypeScript loader.
 */

const fs = require("fs");
const path = require("path");
const Module = require("module");
const { createRequire } = Module;
const vm = require("vm");
const { useProjectTypeScript } = require("./typescript-for-tslab");
const { oneProgramPerCell } = require("./cell-program");
const { ErrorReporter } = require("./error-report");
const { declaresNames, splitAtThrow, survivalNote, LOST_NAMES_HINT } = require("./cell-declarations");

/** The tslab version these fixes were written and tested against. */
const EXPECTED_TSLAB_VERSION = "1.0.22";

/** Stream output is flushed at least this often (ms) while a cell keeps printing. */
const STREAM_FLUSH_INTERVAL_MS = 100;
/** Stream output is flushed once this many characters are buffered. */
const STREAM_MAX_BUFFER_CHARS = 256 * 1024;
/** After an error with stop_on_error, requests arriving within this window (ms) are aborted. */
const ABORT_DRAIN_WINDOW_MS = 50;

/** Reports a failed send, except on sockets closed at shutdown (replies then have nowhere to go). */
function reportSendError(logError, what, e) {
  const message = e && e.message ? e.message : String(e);
  if ((e && e.code === "EBADF") || /closed/i.test(message)) {
    return;
  }
  logError(`rnn-course kernel: ${what} failed: ${message}\n`);
}

/** An error that stops the kernel from starting, with a message meant for the learner. */
class KernelLaunchError extends Error {
  constructor(message) {
    super(message);
    this.name = "KernelLaunchError";
  }
}

/**
 * Loads tslab's internal modules from the project's node_modules and checks that the installed
 * version is the one the fixes were made for.
 * @param {string} projectRoot folder holding package.json and node_modules/tslab
 */
function loadTslab(projectRoot) {
  const projectRequire = createRequire(path.join(projectRoot, "package.json"));
  let packageJsonPath;
  try {
    packageJsonPath = projectRequire.resolve("tslab/package.json");
  } catch (e) {
    throw new KernelLaunchError(
      `rnn-course kernel: tslab is not installed under ${projectRoot}/node_modules. Run \`npm ci\` in ${projectRoot}.`,
    );
  }
  const version = JSON.parse(fs.readFileSync(packageJsonPath, "utf8")).version;
  if (version !== EXPECTED_TSLAB_VERSION) {
    throw new KernelLaunchError(
      `rnn-course kernel: found tslab ${version} at ${path.dirname(packageJsonPath)}, but the kernel ` +
        `fixes in scripts/kernel/tslab-fixes.js were written for tslab ${EXPECTED_TSLAB_VERSION}. ` +
        `Reinstall the pinned version (\`npm ci\`), or re-check the fixes against tslab ${version}'s ` +
        `dist/jupyter.js and update EXPECTED_TSLAB_VERSION.`,
    );
  }
  const tslabDir = path.dirname(packageJsonPath);
  // Before any tslab module is loaded: they require their TypeScript when loaded.
  const typescriptVersion = useProjectTypeScript(projectRoot, tslabDir);
  const modules = {
    version,
    typescriptVersion,
    projectRoot,
    dir: tslabDir,
    jupyter: projectRequire(path.join(tslabDir, "dist", "jupyter.js")),
    main: projectRequire(path.join(tslabDir, "dist", "main.js")),
    executor: projectRequire(path.join(tslabDir, "dist", "executor.js")),
    converter: projectRequire(path.join(tslabDir, "dist", "converter.js")),
  };
  const { ZmqServer, JupyterHandlerImpl } = modules.jupyter;
  const expectations = [
    [typeof ZmqServer === "function", "jupyter.ZmqServer"],
    [typeof JupyterHandlerImpl === "function", "jupyter.JupyterHandlerImpl"],
    [
      JupyterHandlerImpl && typeof JupyterHandlerImpl.prototype.handleExecute === "function",
      "JupyterHandlerImpl.handleExecute",
    ],
    [
      JupyterHandlerImpl && typeof JupyterHandlerImpl.prototype.handleExecuteImpl === "function",
      "JupyterHandlerImpl.handleExecuteImpl",
    ],
    [ZmqServer && typeof ZmqServer.prototype.init === "function", "ZmqServer.init"],
    [ZmqServer && typeof ZmqServer.prototype.handleCommInfoRequest === "function", "ZmqServer.handleCommInfoRequest"],
    [
      JupyterHandlerImpl && typeof JupyterHandlerImpl.prototype.handleKernel === "function",
      "JupyterHandlerImpl.handleKernel",
    ],
    [typeof modules.main.startKernel === "function", "main.startKernel"],
    [typeof modules.executor.createExecutor === "function", "executor.createExecutor"],
    [typeof modules.converter.createConverter === "function", "converter.createConverter"],
  ];
  for (const [ok, what] of expectations) {
    if (!ok) {
      throw new KernelLaunchError(
        `rnn-course kernel: tslab ${version} no longer has ${what}; the kernel fixes cannot be applied.`,
      );
    }
  }
  return modules;
}

/**
 * Wraps the IOPub publisher: sends go out synchronously and in order; a send that zeromq refuses
 * (EBUSY) and every later one wait in a backlog that is drained in order.
 * @param {object} socket a zeromq Publisher, not yet bound
 * @param {(text: string) => void} logError writes to the kernel's own stderr (not to a cell)
 */
function wrapPublisher(socket, logError) {
  // No high-water mark: PUB sockets silently drop messages above it. No send timeout: zeromq then
  // completes every send synchronously instead of only the first 512 of a tick.
  socket.sendHighWaterMark = 0;
  socket.sendTimeout = 0;
  const backlog = [];
  let draining = false;

  async function drain() {
    draining = true;
    while (backlog.length > 0) {
      try {
        await socket.send(backlog[0]);
      } catch (e) {
        if (e && e.code === "EBUSY") {
          await new Promise((resolve) => setImmediate(resolve));
          continue;
        }
        reportSendError(logError, "IOPub send", e);
      }
      backlog.shift();
    }
    draining = false;
  }

  function send(parts) {
    if (backlog.length === 0) {
      try {
        const sent = socket.send(parts);
        sent.catch((e) => reportSendError(logError, "IOPub send", e));
        return sent;
      } catch (e) {
        if (!e || e.code !== "EBUSY") {
          reportSendError(logError, "IOPub send", e);
          return Promise.resolve();
        }
      }
    }
    backlog.push(parts);
    if (!draining) {
      drain();
    }
    return Promise.resolve();
  }
  return proxyWithSend(socket, send);
}

/**
 * Wraps a ROUTER socket (shell, control) so that replies are sent one after another, each awaited.
 * @param {object} socket a zeromq Router
 * @param {(text: string) => void} logError
 */
function wrapRouter(socket, logError) {
  let tail = Promise.resolve();
  function send(parts) {
    tail = tail.then(() => socket.send(parts)).catch((e) => reportSendError(logError, "reply send", e));
    return tail;
  }
  return proxyWithSend(socket, send);
}

/** A proxy that forwards everything to the socket (methods bound to it) except `send`. */
function proxyWithSend(socket, send) {
  return new Proxy(socket, {
    get(target, prop) {
      if (prop === "send") {
        return send;
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
    set(target, prop, value) {
      return Reflect.set(target, prop, value, target);
    },
  });
}

/**
 * Intercepts `this.<name> = socket` in ZmqServer.init through an accessor on the prototype, so the
 * sockets are wrapped before they are bound or used.
 */
function interceptSocket(ZmqServer, name, wrap) {
  const slot = Symbol(`rnn-course ${name}`);
  Object.defineProperty(ZmqServer.prototype, name, {
    configurable: true,
    get() {
      return this[slot];
    },
    set(socket) {
      this[slot] = socket == null ? socket : wrap(socket);
    },
  });
}

/**
 * Batches stream output of one execute request: text is buffered and sent as one stream message
 * when the stream name changes, before any display output, when the buffer is large, when
 * STREAM_FLUSH_INTERVAL_MS passed since the last flush (checked on every write, so output also
 * flows during a long synchronous loop), by a timer, and when the request finishes.
 */
class StreamBatcher {
  constructor(writeStream) {
    this.writeStream = writeStream;
    this.name = null;
    this.chunks = [];
    this.size = 0;
    this.lastFlush = Date.now();
    this.timer = null;
  }

  write(name, text) {
    if (this.name !== null && this.name !== name) {
      this.flush();
    }
    this.name = name;
    this.chunks.push(text);
    this.size += text.length;
    if (this.size >= STREAM_MAX_BUFFER_CHARS || Date.now() - this.lastFlush >= STREAM_FLUSH_INTERVAL_MS) {
      this.flush();
    } else if (this.timer === null) {
      this.timer = setTimeout(() => this.flush(), STREAM_FLUSH_INTERVAL_MS);
    }
  }

  flush() {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.lastFlush = Date.now();
    if (this.chunks.length === 0) {
      return;
    }
    const text = this.chunks.join("");
    const name = this.name;
    this.chunks = [];
    this.size = 0;
    this.name = null;
    this.writeStream(name, text);
  }
}

/** At most this much of a cell's stderr is kept to describe its error in the execute reply. */
const MAX_CAPTURED_STDERR = 64 * 1024;

/**
 * ename/evalue/traceback for an execute reply, from what tslab printed to stderr: TypeScript
 * diagnostics (`line:col - message`) become a CompileError, a printed exception its own name.
 * @param {string} stderr the failing cell's stderr
 */
function errorFromStderr(stderr) {
  const trimmed = stderr.replace(/\s+$/, "");
  const lines = trimmed === "" ? [] : trimmed.split("\n");
  const traceback = lines.slice(0, 100);
  const diagnostic = lines.find((line) => /^(\S+ )?\d+:\d+ - /.test(line));
  if (diagnostic) {
    return { ename: "CompileError", evalue: diagnostic, traceback };
  }
  for (const line of lines) {
    const thrown = /^(?:Uncaught )?([A-Za-z_$][\w$]*(?:Error|Exception)|Error)(?: \[[^\]]*\])?: (.*)$/.exec(line);
    if (thrown) {
      return { ename: thrown[1], evalue: thrown[2], traceback };
    }
  }
  const first = lines.find((line) => line.trim() !== "");
  return { ename: "Error", evalue: first ? first.trim() : "", traceback };
}

/** tslab throws its private ExecutionCount ({count}) from handleExecuteImpl when a cell fails. */
function isExecutionCount(value) {
  return value !== null && typeof value === "object" && !(value instanceof Error) && typeof value.count === "number";
}

/**
 * Replaces JupyterHandlerImpl.handleExecute: serial execution, batched streams and ipykernel's
 * stop_on_error semantics (see the file comment).
 */
function patchExecute(JupyterHandlerImpl, logError) {
  JupyterHandlerImpl.prototype.handleExecute = async function handleExecute(req, writeStream, writeDisplayData) {
    const state = executeState(this);
    // Decided on arrival: was this request sent before the client could see an earlier error?
    const generation = state.generation;
    const arrivedWhileAborting = Date.now() < state.abortUntil;
    const batcher = new StreamBatcher(writeStream);
    let stderr = "";
    const batchedWriteStream = (name, text) => {
      if (name === "stderr" && stderr.length < MAX_CAPTURED_STDERR) {
        stderr += text;
      }
      batcher.write(name, text);
    };
    const flushingWriteDisplayData = (data, update) => {
      batcher.flush();
      writeDisplayData(data, update);
    };
    const run = async () => {
      if (arrivedWhileAborting || state.generation !== generation) {
        return { status: "aborted" };
      }
      let reply;
      try {
        // The count tslab gives this cell; cells run under the file name cell[count] (fix 6).
        session.count = this.execCount + 1;
        const count = await this.handleExecuteImpl(req, batchedWriteStream, flushingWriteDisplayData);
        reply = { status: "ok", execution_count: count.count };
      } catch (e) {
        if (isExecutionCount(e)) {
          reply = { status: "error", execution_count: e.count };
        } else {
          logError(`rnn-course kernel: unexpected error: ${e && e.stack ? e.stack : e}\n`);
          reply = { status: "error" };
        }
      } finally {
        batcher.flush();
      }
      if (reply.status === "error") {
        // The protocol's error reply carries ename/evalue/traceback (nbclient and nbconvert report
        // them); tslab only printed the error to stderr, so they are recovered from there.
        Object.assign(reply, errorFromStderr(stderr));
        if (req.stop_on_error !== false) {
          // Abort what the client sent before it could know about this error: the requests queued
          // now, and those arriving before this error reply goes out.
          state.generation += 1;
          state.abortUntil = Date.now() + ABORT_DRAIN_WINDOW_MS;
          await new Promise((resolve) => setTimeout(resolve, ABORT_DRAIN_WINDOW_MS));
        }
      }
      return reply;
    };
    const result = state.tail.then(run);
    // The queue never rejects, so one failure cannot cancel unrelated requests; the next request
    // starts a macrotask later, after this reply has been sent, so replies keep request order.
    state.tail = result.then(
      () => new Promise((resolve) => setImmediate(resolve)),
      () => undefined,
    );
    return result;
  };
}

const EXECUTE_STATE = Symbol("rnn-course execute state");

function executeState(handler) {
  if (!handler[EXECUTE_STATE]) {
    handler[EXECUTE_STATE] = { tail: Promise.resolve(), generation: 0, abortUntil: 0 };
  }
  return handler[EXECUTE_STATE];
}

function isFile(file) {
  try {
    return fs.statSync(file).isFile();
  } catch (e) {
    return false;
  }
}

function isDirectory(dir) {
  try {
    return fs.statSync(dir).isDirectory();
  } catch (e) {
    return false;
  }
}

/**
 * Maps a relative module id naming a folder of TypeScript sources to `<id>/index` (fix 3); other ids
 * are returned unchanged.
 * @param {string} id the required module id
 * @param {string} baseDir the folder of the requiring file (the notebook's folder for cells)
 */
function folderImport(id, baseDir) {
  if (typeof id !== "string" || !/^\.\.?(\/|$)/.test(id)) {
    return id;
  }
  const full = path.resolve(baseDir, id);
  if (path.extname(full) !== "" || !isDirectory(full)) {
    return id;
  }
  for (const ext of [".ts", ".tsx", ".js"]) {
    if (isFile(full + ext)) {
      return id;
    }
  }
  if (!isFile(path.join(full, "index.ts")) && !isFile(path.join(full, "index.tsx"))) {
    return id;
  }
  return id.replace(/\/*$/, "") + "/index";
}

/** Wraps a require function so folder imports resolve (fix 3). */
function withFolderImports(req, baseDir) {
  const wrapped = function (id) {
    return req.call(this, folderImport(id, baseDir));
  };
  return Object.assign(wrapped, req);
}

/**
 * Fixes 3 and 4, hooked where tslab creates its executor: the cell-level require, the require of each
 * compiled local module (tslab gives those an own `require` property), and the converter's output.
 */
function patchModules(tslab) {
  const { executor } = tslab;
  // The TypeScript tslab compiles with (the project's, or tslab's own fork without it).
  const ts = createRequire(path.join(tslab.dir, "dist", "converter.js"))("@tslab/typescript-for-tslab");
  const originalCreateExecutor = executor.createExecutor;
  executor.createExecutor = function createExecutor(rootDir, convs, console) {
    const node = convs.node;
    const originalConvert = node.convert;
    const knownSideOutputs = new Map();
    const reporter = new ErrorReporter({
      projectRoot: tslab.projectRoot,
      cwd: rootDir,
      moduleCode: (file) => knownSideOutputs.get(file),
      hiddenDirs: [tslab.dir, __dirname],
    });
    /** The last cell converted: its source, the declarations it was checked against, the values before it. */
    let lastCell = null;
    let keptDeclarations = null;
    node.convert = function convert(prevDecl, src) {
      if (src === KEEP_DECLARATIONS && keptDeclarations !== null) {
        // Fix 7: sets tslab's declarations without running anything (see keepNamesOfFailedCell).
        const declOutput = keptDeclarations;
        keptDeclarations = null;
        return { diagnostics: [], output: "", declOutput };
      }
      const converted = originalConvert.call(this, prevDecl, src);
      if (converted && converted.sideOutputs && converted.sideOutputs.length > 0) {
        // Outputs seen before were recompiled because their source was edited.
        const edited = converted.sideOutputs.filter((out) => knownSideOutputs.has(out.path)).map((out) => out.path);
        for (const out of converted.sideOutputs) {
          knownSideOutputs.set(out.path, out.data);
        }
        reporter.forgetModules();
        const reported = new Set(converted.sideOutputs.map((out) => out.path));
        // Report their importers as updated too, so tslab drops them from its cache as well.
        for (const stale of moduleGraph.importersOf(edited)) {
          if (!reported.has(stale) && knownSideOutputs.has(stale)) {
            converted.sideOutputs.push({ path: stale, data: knownSideOutputs.get(stale) });
          }
        }
      }
      lastCell = { src, prevDecl, count: session.count, ran: false, before: snapshotExports() };
      return converted;
    };

    // Fix 6: cells run under the name cell[N], and their compiled code is kept to map errors.
    const originalRunInThisContext = vm.runInThisContext;
    vm.runInThisContext = function runInThisContext(code, options) {
      const prefix = typeof code === "string" ? CELL_PREFIXES.find((p) => code.startsWith(p)) : undefined;
      if (prefix !== undefined && code.endsWith(CELL_SUFFIX) && lastCell) {
        lastCell.ran = true;
        reporter.registerCell(lastCell.count, lastCell.src, code.slice(prefix.length), prefix.length);
        const named = typeof options === "object" && options !== null ? { ...options } : {};
        named.filename = `cell[${lastCell.count}]`;
        return originalRunInThisContext.call(this, code, named);
      }
      return originalRunInThisContext.apply(this, arguments);
    };

    let thrown = NOTHING_THROWN;
    const reportingConsole = {
      log: (...args) => console.log(...args),
      error: (...args) => {
        // tslab prints a failing cell's exception as console.error(exception); diagnostics have several arguments.
        if (args.length === 1 && lastCell && lastCell.ran) {
          thrown = args[0];
          console.error(reporter.format(args[0]));
          return;
        }
        console.error(...args);
      },
    };

    const created = originalCreateExecutor.call(this, rootDir, convs, reportingConsole);
    const holder = globalThis.__tslab__;
    if (holder && typeof holder.require === "function") {
      holder.require = withFolderImports(holder.require, rootDir);
    }

    function snapshotExports() {
      const exportsProxy = globalThis.__tslab__ && globalThis.__tslab__.exports;
      return exportsProxy ? new Map(Object.keys(exportsProxy).map((key) => [key, exportsProxy[key]])) : new Map();
    }

    /**
     * Fix 7: after a cell threw, the names declared before the throwing statement keep their new values
     * and types; the others get back their values and types from before the cell.
     */
    async function keepNamesOfFailedCell(cell, error) {
      const line = reporter.throwingLine(error, cell.count);
      const split = line === null ? null : splitAtThrow(ts, cell.src, line);
      let converted = null;
      if (split) {
        converted = originalConvert.call(node, cell.prevDecl, split.completed);
      }
      if (!split || !converted || converted.diagnostics.length > 0) {
        if (declaresNames(ts, cell.src)) {
          console.error(LOST_NAMES_HINT);
        }
        return;
      }
      const exportsProxy = globalThis.__tslab__.exports;
      for (const name of split.lost) {
        if (cell.before.has(name)) {
          exportsProxy[name] = cell.before.get(name);
        } else {
          delete exportsProxy[name];
        }
      }
      keptDeclarations = converted.declOutput || "";
      await originalExecute(KEEP_DECLARATIONS);
      if (split.kept.length > 0 || split.lost.length > 0) {
        console.error(survivalNote(cell.count, split, (name) => cell.before.has(name)));
      }
    }

    const originalExecute = created.execute;
    created.execute = async function execute(src) {
      thrown = NOTHING_THROWN;
      lastCell = null;
      const ok = await originalExecute(src);
      const cell = lastCell;
      if (!ok && cell && cell.ran && cell.src === src && thrown !== NOTHING_THROWN) {
        try {
          await keepNamesOfFailedCell(cell, thrown);
        } catch (e) {
          console.error(LOST_NAMES_HINT);
          process.emitWarning(`rnn-course kernel: keeping names failed: ${e && e.stack ? e.stack : e}`);
        }
      }
      return ok;
    };
    return created;
  };
  const originalCompile = Module.prototype._compile;
  Module.prototype._compile = function _compile(content, filename) {
    if (Object.prototype.hasOwnProperty.call(this, "require") && !this.require.__rnnCourseFolderImports) {
      const tslabRequire = this.require;
      const baseDir = path.dirname(filename);
      const wrapped = Object.assign(function (id) {
        const mapped = folderImport(id, baseDir);
        moduleGraph.record(filename, mapped);
        return tslabRequire.call(this, mapped);
      }, tslabRequire);
      wrapped.__rnnCourseFolderImports = true;
      this.require = wrapped;
    }
    return originalCompile.call(this, content, filename);
  };
}

/** How tslab's executor wraps a compiled cell (executor.js). */
const CELL_PREFIXES = ["(function(exports, require) { ", "(async function(exports, require) { "];
const CELL_SUFFIX = "\n})(__tslab__.exports, __tslab__.require)";
/** A source tslab's executor is given to record kept declarations (fix 7); never compiled. */
const KEEP_DECLARATIONS = "/* rnn-course: keep the declarations of the statements that ran */";
const NOTHING_THROWN = Symbol("nothing thrown");
/** State of the running cell shared by the fixes. */
const session = { count: 0 };

/**
 * Which compiled local module imports which (fix 4), learnt as they load. Paths are formed as
 * tslab forms them for its compiled outputs: joined with "/" and ".js" added when there is no
 * extension.
 */
const moduleGraph = {
  importers: new Map(),

  /** Notes that the module at `parentFile` required `id`. */
  record(parentFile, id) {
    if (typeof id !== "string" || !/^\.\.?(\/|$)/.test(id)) {
      return;
    }
    let child = path.join(path.dirname(parentFile), id).replace(/\\/g, "/");
    if (path.extname(child) === "") {
      child += ".js";
    }
    if (!this.importers.has(child)) {
      this.importers.set(child, new Set());
    }
    this.importers.get(child).add(parentFile.replace(/\\/g, "/"));
  },

  /** Every module that imports one of `files`, directly or through others (files excluded). */
  importersOf(files) {
    const seen = new Set(files);
    const queue = [...files];
    const found = [];
    while (queue.length > 0) {
      for (const parent of this.importers.get(queue.pop()) || []) {
        if (!seen.has(parent)) {
          seen.add(parent);
          found.push(parent);
          queue.push(parent);
        }
      }
    }
    return found;
  },
};

/** Fix 5: replies that follow the messaging spec. */
function patchProtocol(ZmqServer, JupyterHandlerImpl) {
  const originalHandleKernel = JupyterHandlerImpl.prototype.handleKernel;
  JupyterHandlerImpl.prototype.handleKernel = function handleKernel() {
    return { status: "ok", ...originalHandleKernel.call(this) };
  };
  ZmqServer.prototype.handleCommInfoRequest = function handleCommInfoRequest(sock, msg) {
    const reply = msg.createReply();
    reply.header.msg_type = "comm_info_reply";
    reply.content = { status: "ok", comms: {} };
    reply.signAndSend(this.connInfo.key, sock);
  };
}

/** Exit status of a kernel that could not open its connection (fix 9). */
const EXIT_CANNOT_LISTEN = 3;

/** Fix 9: a failed bind ends the process with a message naming the address, instead of a silent hang. */
function patchInit(ZmqServer, logError) {
  const originalInit = ZmqServer.prototype.init;
  ZmqServer.prototype.init = async function init(...args) {
    try {
      return await originalInit.apply(this, args);
    } catch (e) {
      const message = String((e && e.message) || e);
      const why = e && e.code && !message.startsWith(e.code) ? `${e.code}: ${message}` : message;
      const what =
        e && e.address
          ? `cannot listen on ${e.address} (${why}), a port of the connection file ${this.configPath}`
          : `cannot open the connection of ${this.configPath} (${why})`;
      logError(`rnn-course kernel: ${what}; exiting so that Jupyter can start the kernel again on new ports.\n`);
      process.exit(EXIT_CANNOT_LISTEN);
    }
  };
}

/**
 * Applies all fixes to the loaded tslab modules. Must run before tslab's kernel starts.
 * @param {ReturnType<typeof loadTslab>} tslab
 * @param {(text: string) => void} logError writes to the kernel process's real stderr
 */
function applyFixes(tslab, logError) {
  const { ZmqServer, JupyterHandlerImpl } = tslab.jupyter;
  interceptSocket(ZmqServer, "iopub", (socket) => wrapPublisher(socket, logError));
  interceptSocket(ZmqServer, "shell", (socket) => wrapRouter(socket, logError));
  interceptSocket(ZmqServer, "control", (socket) => wrapRouter(socket, logError));
  patchExecute(JupyterHandlerImpl, logError);
  // Deep stacks (a training loop through autograd) must still reach the cell's own frame.
  Error.stackTraceLimit = Math.max(Error.stackTraceLimit, 100);
  patchModules(tslab);
  oneProgramPerCell(tslab.converter);
  patchProtocol(ZmqServer, JupyterHandlerImpl);
  patchInit(ZmqServer, logError);
}

module.exports = {
  EXPECTED_TSLAB_VERSION,
  EXIT_CANNOT_LISTEN,
  KernelLaunchError,
  loadTslab,
  applyFixes,
  StreamBatcher,
  folderImport,
  errorFromStderr,
};
