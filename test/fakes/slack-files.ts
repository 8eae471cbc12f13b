// Files registered with the Slack fake: the files.info object and the private download
// endpoint, which like Slack needs a bot token and otherwise redirects to a sign-in page.
import type { FakeRequest, FakeResponse } from "./http.js";
import { bearerToken, text } from "./http.js";
import type { RegisteredSlackFile, SlackFileInput } from "./types.js";

export interface StoredSlackFile {
  id: string;
  name: string;
  mimetype: string;
  filetype: string;
  size: number;
  bytes: Uint8Array;
  created: number;
}

export function storeFile(input: SlackFileInput): StoredSlackFile {
  const bytes = Buffer.from(input.contentBase64, "base64");
  return {
    id: input.id,
    name: input.name,
    mimetype: input.mimetype,
    filetype: input.filetype,
    size: input.size ?? bytes.byteLength,
    bytes,
    created: Math.floor(Date.now() / 1000),
  };
}

export function fileUrls(origin: string, file: StoredSlackFile): RegisteredSlackFile {
  const url = `${origin}/slack/files/${encodeURIComponent(file.id)}/${encodeURIComponent(file.name)}`;
  return { id: file.id, name: file.name, size: file.size, url_private: url, url_private_download: url };
}

/** The `file` object of a files.info response. */
export function fileInfo(
  origin: string,
  file: StoredSlackFile,
  teamId: string,
  userId: string,
): Record<string, unknown> {
  const urls = fileUrls(origin, file);
  return {
    id: file.id,
    created: file.created,
    timestamp: file.created,
    name: file.name,
    title: file.name,
    mimetype: file.mimetype,
    filetype: file.filetype,
    pretty_type: file.filetype.toUpperCase(),
    user: userId,
    user_team: teamId,
    editable: false,
    size: file.size,
    mode: "hosted",
    is_external: false,
    external_type: "",
    is_public: false,
    public_url_shared: false,
    url_private: urls.url_private,
    url_private_download: urls.url_private_download,
    permalink: `https://fake-workspace.slack.com/files/${userId}/${file.id}/${encodeURIComponent(file.name)}`,
    channels: [],
    groups: [],
    ims: [],
    comments_count: 0,
  };
}

const SIGN_IN_PAGE =
  '<!DOCTYPE html><html lang="en"><head><title>Sign in | Slack</title></head>' +
  '<body><h1>Sign in to Fake Workspace</h1><form><input name="email"></form></body></html>';

/** GET /files/<id>/<name> (download) and GET /signin (where unauthenticated downloads land). */
export function serveFileRoute(req: FakeRequest, files: ReadonlyMap<string, StoredSlackFile>): FakeResponse {
  if (req.path === "/signin") return text(200, SIGN_IN_PAGE, "text/html; charset=utf-8");
  const [, , rawId = ""] = req.path.split("/");
  const token = bearerToken(req.headers);
  if (token === undefined || !token.startsWith("xox")) {
    const redir = encodeURIComponent(`/slack${req.path}`);
    return text(302, "", "text/html; charset=utf-8", {
      location: `${req.origin}/slack/signin?redir=${redir}`,
    });
  }
  const file = files.get(decodeURIComponent(rawId));
  if (file === undefined)
    return text(404, "<html><body>File not found</body></html>", "text/html; charset=utf-8");
  return {
    status: 200,
    headers: {
      "content-type": file.mimetype,
      "content-disposition": `attachment; filename="${encodeURIComponent(file.name)}"`,
    },
    body: file.bytes,
  };
}
