/** The commented starter file written on first start, when the config file does not exist yet. */
export function defaultConfigText(): string {
  return `# Switchboard configuration. Every key is described in docs/config.md.
# Edits apply live when you save. An invalid file is refused (the error names the line)
# and the last good config keeps serving.
#
# No secrets in this file. A provider's key is either a keychain entry, stored from the app
# or the admin API (credential: NAME), or an environment variable (apiKey: env:VAR).

server:
  port: 4000
  host: 127.0.0.1
  auth: required              # required | open-on-loopback
  logBodies: false

# Providers you can route to. Uncomment and adapt:
#
# providers:
#   openai:    { type: openai, credential: openai }              # keychain entry "openai"
#   anthropic: { type: anthropic, apiKey: env:ANTHROPIC_API_KEY }
#   gemini:    { type: gemini, credential: gemini }
#   ollama:    { type: openai-compatible, preset: ollama }        # local, no key
#   groq:      { type: openai-compatible, preset: groq, credential: groq }

# Routes: the model names your tools ask for, and where they go.
# Any provider above is also reachable directly as "provider/model" (e.g. openai/gpt-4o-mini).
#
# routes:
#   workhorse:
#     strategy: fallback        # single | fallback | loadbalance | conditional | lowest-latency | lowest-cost
#     targets:
#       - { provider: anthropic, model: claude-sonnet-4-5, timeoutMs: 15s }
#       - { provider: openai, model: gpt-5.1 }
#     retry: { attempts: 2, backoffMs: 250 }
#   local:
#     strategy: single
#     targets:
#       - { provider: ollama, model: llama3.2 }
#   claude-*:                   # any name it matches, e.g. Claude Code's claude-sonnet-4-5-20250929
#     strategy: single
#     targets:
#       - { provider: anthropic, model: "*" }   # "*": the model name asked for
`;
}
