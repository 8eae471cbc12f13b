/**
 * The address table of the source-URL guard, edge by edge: IPv4 in every inet_aton form and
 * just outside each rule, IPv6 embeddings judged by their IPv4 address, the special /32s, and
 * malformed literals refused (the guard fails closed).
 */
import { describe, expect, it } from "vitest";
import { isPrivateAddress, parseIpv4 } from "../../src/platform/private-address";

describe("parseIpv4 (inet_aton rules)", () => {
  it("reads hex, octal and short forms", () => {
    expect(parseIpv4("0x7f.1")).toBe(0x7f000001);
    expect(parseIpv4("0x.0.0.1")).toBe(1);
    expect(parseIpv4("017.1")).toBe(0x0f000001);
    expect(parseIpv4("10.1")).toBe(0x0a000001);
  });

  it("refuses more than four parts and parts out of range", () => {
    expect(parseIpv4("1.2.3.4.0")).toBeNull();
    expect(parseIpv4("10.0.0.1.0")).toBeNull();
    expect(parseIpv4("1.2.3.256")).toBeNull();
    expect(parseIpv4("256.1.1.1")).toBeNull();
    expect(parseIpv4("1.2.65536")).toBeNull();
    expect(parseIpv4("1.2.65535")).toBe(0x0102ffff);
  });
});

describe("isPrivateAddress: IPv6", () => {
  const PUBLIC = [
    "2606:4700:4700::1111",
    "2606::1",
    "2606:ff9b::1",
    "2001:4860:4860::8888",
    "::ffff:8.8.8.8",
    "::ffff:0:8.8.8.8",
    "::8.8.8.8",
    "64:ff9b::8.8.8.8",
    "2606:4700:1:2::3:4:5",
  ];
  const PRIVATE = [
    "::",
    "::1",
    "::1:2:3:4",
    "::ffff:1:8.8.8.8",
    "::ffff:10.0.0.1",
    "::ffff:0:10.0.0.1",
    "::10.0.0.1",
    "64:ff9b::10.0.0.1",
    "64:ff9b:1::8.8.8.8",
    "2001::1",
    "2001:db8::1",
    "ff00::1",
    "ff02::1",
    "fe80::1",
    "feff::1",
    "fc00::1",
  ];
  const MALFORMED = [
    "2606:4700::1.2.3.999",
    "2606::1::2",
    "2606:4700:1:2:3:4:5",
    "2606::xyz",
    "1:2:3:4:5:6:7:8:9",
  ];

  it.each(PUBLIC)("%s is public", (address) => expect(isPrivateAddress(address)).toBe(false));
  it.each(PRIVATE)("%s is private or reserved", (address) => expect(isPrivateAddress(address)).toBe(true));
  it.each(MALFORMED)("%s does not parse, so it is refused", (address) =>
    expect(isPrivateAddress(address)).toBe(true),
  );
});
