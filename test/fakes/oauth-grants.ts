// What an OAuth fake remembers between requests: the users, each consent a user gave
// (a grant), the codes and tokens minted under those grants. Revoking a user kills every
// grant of theirs, and with it every code and token minted under it.
import type { FakeUser } from "./fake-users.js";
import { UserRegistry } from "./fake-users.js";

export interface Grant {
  userId: string;
  clientId: string;
  scopes: string[];
  revoked: boolean;
}

export class GrantStore<Code extends { grant: Grant }, Token extends { grant: Grant }> {
  readonly users: UserRegistry;
  readonly codes = new Map<string, Code>();
  readonly tokens = new Map<string, Token>();
  #grants: Grant[] = [];

  constructor(platform: string, defaultUser: FakeUser) {
    this.users = new UserRegistry(platform, defaultUser);
  }

  /** A consent `userId` gave `clientId` for `scopes`. */
  grant(userId: string, clientId: string, scopes: string[]): Grant {
    const grant: Grant = { userId, clientId, scopes, revoked: false };
    this.#grants.push(grant);
    return grant;
  }

  /** As if the user removed the app in their settings: every grant and token dies. */
  revokeUser(username: string): boolean {
    const user = this.users.byUsername(username);
    if (user === undefined) return false;
    for (const grant of this.#grants) if (grant.userId === user.id) grant.revoked = true;
    return true;
  }

  reset(): void {
    this.users.reset();
    this.codes.clear();
    this.tokens.clear();
    this.#grants = [];
  }
}
