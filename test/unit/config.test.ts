import { describe, expect, it } from "vitest";
import { ConfigError, configuredIntegrations, parseConfig } from "../../src/config";

const productionBase = {
  ENVIRONMENT: "production",
  EMBEDDINGS_BACKEND: "workers-ai",
  VECTOR_BACKEND: "vectorize",
};

function problemsOf(env: object): string[] {
  try {
    parseConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe("parseConfig", () => {
  it("runs on embedded defaults in development with no secrets at all", () => {
    const config = parseConfig({});
    expect(config.ENVIRONMENT).toBe("development");
    expect(config.SLACK_API_URL).toBe("https://slack.com/api");
    expect(config.PUBMED_API_URL).toBe("https://eutils.ncbi.nlm.nih.gov/entrez/eutils");
    expect(config.THREADS_API_URL).toBe("https://graph.threads.net/v1.0");
    expect(config.RETRY_BASE_DELAY_S).toBe(5);
    expect(config.ALLOWED_SLACK_TEAMS).toEqual([]);
  });

  it("names every missing production secret in one error", () => {
    const problems = problemsOf(productionBase);
    expect(problems).toHaveLength(4);
    expect(problems.join("\n")).toMatch(/ALLOWED_SLACK_TEAMS: required in production/);
    expect(problems.join("\n")).toMatch(/SLACK_SIGNING_SECRET: required in production/);
    expect(problems.join("\n")).toMatch(/SLACK_BOT_TOKEN: required in production/);
    expect(problems.join("\n")).toMatch(/ADMIN_TOKEN: required in production/);
  });

  it("rejects local backends in production", () => {
    const problems = problemsOf({
      ENVIRONMENT: "production",
      SLACK_SIGNING_SECRET: "s",
      SLACK_BOT_TOKEN: "xoxb-1",
      ADMIN_TOKEN: "a",
      ALLOWED_SLACK_TEAMS: "T1",
    });
    expect(problems).toEqual([
      "EMBEDDINGS_BACKEND: must be workers-ai in production",
      "VECTOR_BACKEND: must be vectorize in production",
    ]);
  });

  it("accepts a complete production configuration", () => {
    const config = parseConfig({
      ...productionBase,
      SLACK_SIGNING_SECRET: "s",
      SLACK_BOT_TOKEN: "xoxb-1",
      ADMIN_TOKEN: "a",
      ALLOWED_SLACK_TEAMS: "T1",
    });
    expect(config.ENVIRONMENT).toBe("production");
  });

  it("reports invalid values without echoing them", () => {
    const problems = problemsOf({
      SLACK_API_URL: "ftp://secret-host",
      RETRY_BASE_DELAY_S: "-3",
      LOG_LEVEL: "loud",
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        "SLACK_API_URL: must be an http(s) URL",
        "RETRY_BASE_DELAY_S: must be a positive number",
        "LOG_LEVEL: must be one of debug, info, warn, error",
      ]),
    );
    expect(problems.join(" ")).not.toContain("secret-host");
  });

  it("requires platform credentials to come in complete sets", () => {
    expect(problemsOf({ X_API_KEY: "k" })).toEqual([
      "X_API_KEY, X_API_SECRET, X_ACCESS_TOKEN, X_ACCESS_SECRET: set all four or none",
    ]);
    // The bot alone is fine (it serves physicians' own channels); a clinic channel needs it.
    expect(problemsOf({ TELEGRAM_BOT_TOKEN: "1:a" })).toEqual([]);
    expect(problemsOf({ TELEGRAM_CHAT_ID: "@clinic" })).toEqual([
      "TELEGRAM_CHAT_ID: needs TELEGRAM_BOT_TOKEN (the bot that posts to it)",
    ]);
    expect(problemsOf({ X_CLIENT_ID: "c" })).toEqual(["X_CLIENT_ID, X_CLIENT_SECRET: set both or neither"]);
    expect(problemsOf({ THREADS_APP_SECRET: "s" })).toEqual([
      "THREADS_APP_ID, THREADS_APP_SECRET: set both or neither",
    ]);
    expect(problemsOf({ TELEGRAM_WEBHOOK_SECRET: "has space" })).toEqual([
      "TELEGRAM_WEBHOOK_SECRET: 1-256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule)",
    ]);
  });

  it("trims base URLs and parses comma lists", () => {
    const config = parseConfig({
      OPENAI_BASE_URL: "http://127.0.0.1:9/openai/v1/",
      ALLOWED_SLACK_USERS: " U1, U2 ,,",
    });
    expect(config.OPENAI_BASE_URL).toBe("http://127.0.0.1:9/openai/v1");
    expect(config.ALLOWED_SLACK_USERS).toEqual(["U1", "U2"]);
  });

  it("lists configured integrations by name only", () => {
    const config = parseConfig({
      ANTHROPIC_API_KEY: "sk-ant-secret",
      TELEGRAM_BOT_TOKEN: "1:x",
      TELEGRAM_CHAT_ID: "@c",
    });
    const integrations = configuredIntegrations(config);
    expect(integrations).toMatchObject({ anthropic: true, openai: false, telegram: true });
    expect(JSON.stringify(integrations)).not.toContain("sk-ant");
  });
});
