/**
 * Copy-paste setup for local tools, filled with the gateway's real URL, a key and a route name.
 * Values are quoted for each language, so a key or route name never breaks the snippet.
 */

export interface SnippetInput {
  /** The gateway's origin, e.g. http://127.0.0.1:4000 (no trailing slash needed). */
  baseUrl: string;
  /** A gateway key, or '' for a placeholder. */
  key: string;
  /** The model name to ask for (a route). */
  model: string;
}

export interface Snippet {
  id: string;
  label: string;
  intro: string;
  language: 'python' | 'javascript' | 'shell' | 'yaml' | 'text' | 'json';
  code: string;
  /** A caveat worth reading before using it. */
  note?: string;
}

export const KEY_PLACEHOLDER = 'YOUR_GATEWAY_KEY';
const MODEL_PLACEHOLDER = 'YOUR_ROUTE';

/** A double-quoted string literal valid in Python, JSON and YAML. */
const dq = (value: string): string => JSON.stringify(value);
/** A single-quoted JavaScript string literal. */
const sq = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
/** A POSIX shell word. */
export const sh = (value: string): string => (/^[A-Za-z0-9_./:@%+=,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`);

export function buildSnippets(input: SnippetInput): Snippet[] {
  const root = input.baseUrl.replace(/\/+$/, '');
  const v1 = `${root}/v1`;
  const key = input.key.trim() || KEY_PLACEHOLDER;
  const model = input.model.trim() || MODEL_PLACEHOLDER;
  const body = JSON.stringify({ model, messages: [{ role: 'user', content: 'Hello!' }] });

  return [
    {
      id: 'openai-python',
      label: 'OpenAI SDK (Python)',
      intro: 'pip install openai — then point the client at the gateway.',
      language: 'python',
      code: `from openai import OpenAI

client = OpenAI(base_url=${dq(v1)}, api_key=${dq(key)})

response = client.chat.completions.create(
    model=${dq(model)},
    messages=[{"role": "user", "content": "Hello!"}],
)
print(response.choices[0].message.content)
`,
    },
    {
      id: 'openai-js',
      label: 'OpenAI SDK (JS)',
      intro: 'npm install openai — the same client, another base URL.',
      language: 'javascript',
      code: `import OpenAI from 'openai';

const client = new OpenAI({ baseURL: ${sq(v1)}, apiKey: ${sq(key)} });

const completion = await client.chat.completions.create({
  model: ${sq(model)},
  messages: [{ role: 'user', content: 'Hello!' }],
});
console.log(completion.choices[0].message.content);
`,
    },
    {
      id: 'ai-sdk',
      label: 'Vercel AI SDK',
      intro: 'npm install ai @ai-sdk/openai — the default provider speaks the Responses API, which the gateway sends to OpenAI as is and translates for every other provider.',
      language: 'javascript',
      code: `import { createOpenAI } from '@ai-sdk/openai';
import { generateText } from 'ai';

const openai = createOpenAI({ baseURL: ${sq(v1)}, apiKey: ${sq(key)} });

const { text } = await generateText({
  model: openai(${sq(model)}),
  prompt: 'Hello!',
  // The gateway stores no responses: send earlier turns whole rather than by id.
  providerOptions: { openai: { store: false } },
});
console.log(text);
`,
      note: 'Without store: false, a multi-step tool loop refers to earlier answers by id: a route to OpenAI itself follows them (the call goes to OpenAI as sent), any other provider refuses them.',
    },
    {
      id: 'anthropic',
      label: 'Anthropic SDK',
      intro: 'pip install anthropic — the SDK adds /v1/messages itself, so the base URL has no /v1.',
      language: 'python',
      code: `import anthropic

client = anthropic.Anthropic(base_url=${dq(root)}, api_key=${dq(key)})

message = client.messages.create(
    model=${dq(model)},
    max_tokens=1024,
    messages=[{"role": "user", "content": "Hello!"}],
)
print(message.content[0].text)
`,
    },
    {
      id: 'claude-code',
      label: 'Claude Code',
      intro: 'Claude Code reads its endpoint from the environment and sends ANTHROPIC_AUTH_TOKEN as a bearer token. Unset ANTHROPIC_API_KEY if you have one.',
      language: 'shell',
      code: `export ANTHROPIC_BASE_URL=${sh(root)}
export ANTHROPIC_AUTH_TOKEN=${sh(key)}
# Optional: the route Claude Code asks for by default
export ANTHROPIC_MODEL=${sh(model)}
claude
`,
      note: 'To keep it, put the same values in the "env" block of ~/.claude/settings.json (not in a project’s settings file that gets committed).',
    },
    {
      id: 'gemini-cli',
      label: 'Gemini CLI',
      intro: 'Gemini CLI (and any @google/genai client) reads its endpoint and key from the environment and sends the key as x-goog-api-key.',
      language: 'shell',
      code: `export GOOGLE_GEMINI_BASE_URL=${sh(root)}
export GEMINI_API_KEY=${sh(key)}
gemini --model ${sh(model)}
`,
      note: 'Gemini CLI also asks for models by their own names (gemini-2.5-flash for its quick checks): a wildcard route such as "gemini-*" sends those where you want.',
    },
    {
      id: 'codex',
      label: 'Codex CLI',
      intro: 'Add the gateway as a model provider in ~/.codex/config.toml; Codex reads the key from the environment variable it names.',
      language: 'text',
      code: `model = ${dq(model)}
model_provider = "switchboard"

[model_providers.switchboard]
name = "Switchboard"
base_url = ${dq(v1)}
env_key = "SWITCHBOARD_API_KEY"
wire_api = "responses"

# then, in your shell:
# export SWITCHBOARD_API_KEY=${sh(key)}
`,
    },
    {
      id: 'cursor',
      label: 'Cursor',
      intro: 'Settings → Models → API Keys: paste the key as the OpenAI API key, turn on “Override OpenAI Base URL”, and add the route as a custom model.',
      language: 'text',
      code: `OpenAI API Key:            ${key}
Override OpenAI Base URL:  ${v1}
Custom model name:         ${model}
`,
      note: 'Cursor sends these requests from its own servers, which cannot reach 127.0.0.1 on your machine. Expose the gateway through a tunnel (and keep auth required) for Cursor to use it.',
    },
    {
      id: 'continue',
      label: 'Continue',
      intro: 'Add a model to ~/.continue/config.yaml (provider openai, with apiBase).',
      language: 'yaml',
      code: `name: My Config
version: 0.0.1
schema: v1
models:
  - name: ${dq(`Switchboard ${model}`)}
    provider: openai
    model: ${dq(model)}
    apiBase: ${dq(v1)}
    apiKey: ${dq(key)}
    roles: [chat, edit, apply]
  - name: "Switchboard autocomplete"
    provider: openai
    model: ${dq(model)}
    apiBase: ${dq(v1)}
    apiKey: ${dq(key)}
    roles: [autocomplete]
    useLegacyCompletionsEndpoint: true
`,
      note: 'The autocomplete entry calls /v1/completions, which only OpenAI-shaped servers have: give it a route to a code model on OpenAI or an OpenAI-compatible server (Ollama, vLLM, LM Studio, DeepSeek). Drop it to keep Continue’s own autocomplete.',
    },
    {
      id: 'aider',
      label: 'aider',
      intro: 'aider talks to OpenAI-compatible servers when the model name starts with openai/.',
      language: 'shell',
      code: `export OPENAI_API_BASE=${sh(v1)}
export OPENAI_API_KEY=${sh(key)}
aider --model ${sh(`openai/${model}`)}
`,
    },
    {
      id: 'langchain',
      label: 'LangChain',
      intro: 'pip install langchain-openai — ChatOpenAI with the gateway as base URL.',
      language: 'python',
      code: `from langchain_openai import ChatOpenAI

llm = ChatOpenAI(base_url=${dq(v1)}, api_key=${dq(key)}, model=${dq(model)})
print(llm.invoke("Hello!").content)
`,
    },
    {
      id: 'curl',
      label: 'curl',
      intro: 'The OpenAI-shaped endpoint; /v1/messages takes Anthropic-shaped requests the same way.',
      language: 'shell',
      code: `curl ${sh(`${v1}/chat/completions`)} \\
  -H ${sh(`Authorization: Bearer ${key}`)} \\
  -H 'Content-Type: application/json' \\
  -d ${sh(body)}
`,
    },
  ];
}
