// The accounts an OAuth fake knows: a built-in default user that is always there (what the
// API answered as before OAuth existed), plus users tests register through the control API.
import { ControlError } from "./control-payloads.js";
import type { FakeUserInput } from "./types.js";

export interface FakeUser {
  id: string;
  username: string;
  name: string;
}

export class UserRegistry {
  #users = new Map<string, FakeUser>();
  #firstRegistered: FakeUser | undefined;

  constructor(
    readonly platform: string,
    readonly defaultUser: FakeUser,
  ) {
    this.reset();
  }

  get(id: string): FakeUser | undefined {
    return this.#users.get(id);
  }

  /** Usernames are case-insensitive on both platforms. */
  byUsername(username: string): FakeUser | undefined {
    const wanted = username.toLowerCase();
    return [...this.#users.values()].find((user) => user.username.toLowerCase() === wanted);
  }

  /** Who approves a consent page: `login_as`, else the first registered user, else the default. */
  authorizer(loginAs: string | undefined): FakeUser | undefined {
    if (loginAs !== undefined) return this.byUsername(loginAs);
    return this.#firstRegistered ?? this.#users.get(this.defaultUser.id);
  }

  /** The same id again replaces the user; a username taken by another id is refused. */
  add(input: FakeUserInput): FakeUser {
    const taken = this.byUsername(input.username);
    if (taken !== undefined && taken.id !== input.id) {
      throw new ControlError(`${this.platform} username @${input.username} belongs to user ${taken.id}`);
    }
    const user = { id: input.id, username: input.username, name: input.name ?? input.username };
    this.#users.set(user.id, user);
    this.#firstRegistered ??= user;
    return user;
  }

  reset(): void {
    this.#users.clear();
    this.#users.set(this.defaultUser.id, { ...this.defaultUser });
    this.#firstRegistered = undefined;
  }
}
