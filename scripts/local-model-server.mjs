// A small OpenAI-compatible server over node-llama-cpp, for a local GGUF model on 127.0.0.1 only:
// GET /v1/models, POST /v1/chat/completions (messages, max_tokens, temperature, response_format
// json_object -> llama.cpp's JSON grammar, json_schema -> a grammar for that schema), with usage tokens and finish_reason. One request at a
// time (one context sequence); the others wait their turn. Started by scripts/local-model.sh.
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

// the runtime lives outside the repository (local-model.sh installs it): ESM ignores NODE_PATH
const modules = process.env.NODE_PATH ?? "node_modules";
const { getLlama, LlamaChatSession } = await import(pathToFileURL(path.join(modules, "node-llama-cpp", "dist", "index.js")).href);

const { values: args } = parseArgs({ options: {
  model: { type: "string" }, alias: { type: "string", default: "local" }, port: { type: "string", default: "8089" },
  threads: { type: "string", default: "1" }, context: { type: "string", default: "8192" },
} });
const threads = Number(args.threads);
const llama = await getLlama({ gpu: false, maxThreads: threads, logLevel: "error" });
const model = await llama.loadModel({ modelPath: args.model });
const context = await model.createContext({ contextSize: Number(args.context), threads, sequences: 1 });
const json = await llama.getGrammarFor("json");
const schemas = new Map(); // a JSON schema's grammar, made once per schema

async function grammarFor(format) {
  if (format?.type === "json_object") return json;
  if (format?.type !== "json_schema") return undefined;
  const schema = format.json_schema?.schema;
  if (!schema || typeof schema !== "object") throw new Error("response_format: json_schema needs a schema");
  const key = JSON.stringify(schema);
  if (!schemas.has(key)) {
    try {
      schemas.set(key, await llama.createGrammarForJsonSchema(schema));
    } catch (error) {
      throw new Error(`response_format json_schema: ${error?.message ?? error}`);
    }
  }
  return schemas.get(key);
}
let queue = Promise.resolve();

function history(messages) {
  // every message but the last user one is history; the last is the prompt
  const items = [];
  for (const m of messages.slice(0, -1)) {
    const text = typeof m.content === "string" ? m.content : "";
    if (m.role === "system") items.push({ type: "system", text });
    else if (m.role === "assistant") items.push({ type: "model", response: [text] });
    else items.push({ type: "user", text });
  }
  return items;
}

async function complete(body) {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const last = messages.at(-1);
  if (!last || last.role !== "user") throw new Error("the last message must be the user's");
  const started = Date.now();
  const sequence = context.getSequence();
  try {
    const session = new LlamaChatSession({ contextSequence: sequence });
    session.setChatHistory(history(messages));
    const before = sequence.tokenMeter.getState();
    const result = await session.promptWithMeta(String(last.content ?? ""), {
      maxTokens: Math.max(1, Number(body.max_tokens) || 1024),
      temperature: Number(body.temperature) || 0,
      grammar: await grammarFor(body.response_format),
    });
    const after = sequence.tokenMeter.getState();
    const prompt = after.usedInputTokens - before.usedInputTokens;
    const completion = after.usedOutputTokens - before.usedOutputTokens;
    console.log(`${new Date().toISOString()} ${prompt} tokens in, ${completion} out, ${((Date.now() - started) / 1000).toFixed(1)} s, ${result.stopReason}`);
    return {
      id: `chatcmpl-${Date.now()}`, object: "chat.completion", created: Math.floor(Date.now() / 1000), model: args.alias,
      choices: [{ index: 0, message: { role: "assistant", content: result.responseText },
                  finish_reason: result.stopReason === "maxTokens" ? "length" : "stop" }],
      usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
    };
  } finally {
    sequence.dispose();
  }
}

function send(res, status, data) {
  const text = JSON.stringify(data);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

const server = http.createServer((req, res) => {
  if (req.method === "GET" && req.url.startsWith("/v1/models")) {
    return send(res, 200, { object: "list", data: [{ id: args.alias, object: "model", owned_by: "local" }] });
  }
  if (req.method !== "POST" || !req.url.startsWith("/v1/chat/completions")) {
    return send(res, 404, { error: { message: "not found" } });
  }
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    queue = queue.then(async () => {
      try {
        send(res, 200, await complete(JSON.parse(Buffer.concat(chunks).toString("utf8"))));
      } catch (error) {
        send(res, 400, { error: { message: String(error?.message ?? error) } });
      }
    });
  });
});
server.listen(Number(args.port), "127.0.0.1", () => console.log(`serving ${args.alias} on http://127.0.0.1:${args.port}/v1`));
