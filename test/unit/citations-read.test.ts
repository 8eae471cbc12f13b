/**
 * What counts as one citation or attribution in a draft: a PMID inside a URL is that URL,
 * marker ranges expand to every number, a journal's name with a year is the journal (not an
 * author called "Lancet"), and an author named twice is one attribution.
 */
import { describe, expect, it } from "vitest";
import {
  attributionResolves,
  attributionsIn,
  citationsIn,
  markersIn,
} from "../../src/pipeline/check/citations";
import type { EvidenceItem } from "../../src/pipeline/types";

const kinds = (text: string) => citationsIn(text).map((c) => `${c.kind} ${c.value}`);
const attributions = (text: string) => attributionsIn(text).map((a) => `${a.kind} ${a.name}`);

describe("citationsIn", () => {
  it("reads a URL that contains a PMID or a PMC id as the one URL it is", () => {
    expect(kinds("See https://example.org/PMID:12345678 for more")).toEqual([
      "url example.org/pmid:12345678",
    ]);
    expect(kinds("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC1234567/")).toEqual([
      "url ncbi.nlm.nih.gov/pmc/articles/pmc1234567",
    ]);
  });

  it("reads a PubMed URL as its PMID", () => {
    expect(kinds("https://pubmed.ncbi.nlm.nih.gov/90000001/")).toEqual(["pmid 90000001"]);
  });
});

describe("markersIn", () => {
  it("expands ranges to every number in them, ends included", () => {
    expect(markersIn("[1] [2–4] [5, 7]")).toEqual([1, 2, 3, 4, 5, 7]);
    expect(markersIn("[3-3]")).toEqual([3]);
  });

  it("caps a range at 51 numbers", () => {
    expect(markersIn("[1–60]")).toHaveLength(51);
  });
});

describe("attributionsIn", () => {
  it("reads a journal with a year as the journal, not as an author", () => {
    expect(attributions("Lancet 2019")).toEqual(["journal Lancet"]);
    expect(attributions("The Lancet (2019) reported")).toEqual(["journal Lancet"]);
    expect(attributions("Smith (2019) and the Lancet")).toEqual(["author Smith", "journal Lancet"]);
  });

  it("reads an author with a year", () => {
    expect(attributions("Smith and Jones (2020) showed")).toEqual(["author Jones"]);
  });

  it("counts an author named twice once", () => {
    expect(attributions("Smith et al. (2020) showed, as Smith (2020) wrote")).toEqual(["author Smith"]);
    expect(attributions("Smith et al. said; Smith et al. repeated")).toEqual(["author Smith"]);
  });
});

describe("two sources and institutions", () => {
  it("keeps two different authors apart", () => {
    expect(attributions("Smith et al. and Jones et al. agree")).toEqual(["author Smith", "author Jones"]);
  });

  it("resolves an institution's abbreviation against its full name in the evidence", () => {
    const [who] = attributionsIn("WHO says adults need sleep");
    const evidence: EvidenceItem[] = [
      {
        number: 1,
        kind: "knowledge",
        ref: "kb",
        title: "Sleep",
        text: "The World Health Organization recommends regular sleep.",
      },
    ];
    expect(who?.kind).toBe("institution");
    expect(who && attributionResolves(who, evidence)).toBe(true);
  });
});
