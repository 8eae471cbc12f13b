import { describe, expect, it } from "vitest";
import {
  decodeXmlEntities,
  EfetchParseError,
  parseEfetchAbstracts,
} from "../../src/platform/pubmed/efetch-xml";

const HEAD =
  '<?xml version="1.0" ?>\n' +
  '<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" ' +
  '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n';

function article(pmid: string, abstract: string, extra = ""): string {
  return `<PubmedArticle>
    <MedlineCitation Status="MEDLINE" Owner="NLM">
      <PMID Version="1">${pmid}</PMID>
      <Article PubModel="Print">
        <ArticleTitle>Title ${pmid}</ArticleTitle>
        ${abstract}
        <AuthorList CompleteYN="Y"><Author ValidYN="Y"><LastName>Testova</LastName></Author></AuthorList>
      </Article>
      ${extra}
    </MedlineCitation>
    <PubmedData><ArticleIdList><ArticleId IdType="pubmed">${pmid}</ArticleId></ArticleIdList></PubmedData>
  </PubmedArticle>`;
}

const set = (...records: string[]) =>
  `${HEAD}<PubmedArticleSet>\n${records.join("\n")}\n</PubmedArticleSet>\n`;

describe("decodeXmlEntities", () => {
  it("decodes the XML entities and numeric references, leaving unknown ones alone", () => {
    expect(decodeXmlEntities("a &lt; b &amp;&amp; c &gt; d &quot;x&quot; &apos;y&apos;")).toBe(
      "a < b && c > d \"x\" 'y'",
    );
    expect(decodeXmlEntities("&#946;-blockers &#x3B1;2 &#x1F600;")).toBe("β-blockers α2 😀");
    expect(decodeXmlEntities("&nbsp; &#0; &#xD800; &amp;lt;")).toBe("&nbsp; &#0; &#xD800; &lt;");
  });
});

describe("parseEfetchAbstracts", () => {
  it("keeps structured abstract labels as 'LABEL: text' paragraphs", () => {
    const xml = set(
      article(
        "90000001",
        `<Abstract>
          <AbstractText Label="BACKGROUND" NlmCategory="BACKGROUND">Insomnia is common.</AbstractText>
          <AbstractText Label="METHODS" NlmCategory="METHODS">Adults were
            randomized.</AbstractText>
          <AbstractText Label="RESULTS &amp; CONCLUSIONS" NlmCategory="CONCLUSIONS">CBT-I helped.</AbstractText>
        </Abstract>`,
      ),
    );
    expect(parseEfetchAbstracts(xml).get("90000001")).toBe(
      "BACKGROUND: Insomnia is common.\nMETHODS: Adults were randomized.\nRESULTS & CONCLUSIONS: CBT-I helped.",
    );
  });

  it("decodes entities, flattens inline markup and reads CDATA", () => {
    const xml = set(
      article(
        "1",
        "<Abstract><AbstractText>Serum 25(OH)D &lt; 20 ng/mL; <i>p</i> &lt; 0.05, " +
          "CO<sub>2</sub> and <![CDATA[a <raw> & literal]]> &#946;.</AbstractText>" +
          "<CopyrightInformation>© 2024 Fictional.</CopyrightInformation></Abstract>",
      ),
    );
    expect(parseEfetchAbstracts(xml).get("1")).toBe(
      "Serum 25(OH)D < 20 ng/mL; p < 0.05, CO2 and a <raw> & literal β.",
    );
  });

  it("maps a record without an abstract to an empty string", () => {
    const result = parseEfetchAbstracts(
      set(article("2", ""), article("3", "<Abstract><AbstractText/></Abstract>")),
    );
    expect([...result]).toEqual([
      ["2", ""],
      ["3", ""],
    ]);
  });

  it("ignores PMIDs of cited articles and abstracts in other languages", () => {
    const corrections =
      '<CommentsCorrectionsList><CommentsCorrections RefType="CommentOn">' +
      '<RefSource>Other J. 2020.</RefSource><PMID Version="1">11111111</PMID>' +
      "</CommentsCorrections></CommentsCorrectionsList>" +
      '<OtherAbstract Type="Publisher" Language="spa"><AbstractText>Resumen.</AbstractText></OtherAbstract>';
    const xml = set(
      article("4", "<Abstract><AbstractText>English text.</AbstractText></Abstract>", corrections),
    );
    const result = parseEfetchAbstracts(xml);
    expect([...result]).toEqual([["4", "English text."]]);
  });

  it("reads book records (PubmedBookArticle)", () => {
    const book =
      '<PubmedBookArticle><BookDocument><PMID Version="1">5</PMID>' +
      '<Abstract><AbstractText Label="INTRODUCTION">A chapter.</AbstractText></Abstract>' +
      "</BookDocument></PubmedBookArticle>";
    expect(parseEfetchAbstracts(set(book)).get("5")).toBe("INTRODUCTION: A chapter.");
  });

  it("reads an empty result set", () => {
    expect(parseEfetchAbstracts(set()).size).toBe(0);
  });

  it("rejects documents that are not a complete PubmedArticleSet", () => {
    expect(() => parseEfetchAbstracts("<html><body>503</body></html>")).toThrow(EfetchParseError);
    expect(() => parseEfetchAbstracts(`${HEAD}<PubmedArticleSet><PubmedArticle>`)).toThrow(EfetchParseError);
    expect(() => parseEfetchAbstracts("<PubmedArticleSet><a></b></PubmedArticleSet>")).toThrow(
      EfetchParseError,
    );
    expect(() => parseEfetchAbstracts("<PubmedArticleSet><a <!-- x")).toThrow(EfetchParseError);
    expect(() => parseEfetchAbstracts("")).toThrow(EfetchParseError);
  });
});
