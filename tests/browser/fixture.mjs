// Writes a fixture archive: briefing.toml (the bundled one with per_page = 10) and ~60 curated
// Markdown articles that exercise every page kind: pagination, an undated article, month- and
// year-precision dates, code, tables, footnotes, long words, and hostile titles (XSS probes).
// Body headings follow briefing's convention: `#` is a section (h2 on the page, under the
// title's h1), `##` a subsection.
//
// Usage as a script: node tests/browser/fixture.mjs DIR
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const XSS_TITLE = 'Probe <script>alert(1)</script> and "><img src=x onerror=alert(1)> in a headline';
export const XSS_BODY = '"><img src=x onerror=alert(1)>';
export const PUTIN_TITLE = 'Putin and Kim sign Comprehensive Strategic Partnership treaty in Pyongyang';
export const RAW_TITLE = 'Raw HTML probes in an article body';
export const JSON_TITLE = 'Sanctions panel data release, annotated';

const toml = (s) => JSON.stringify(s); // a TOML basic string is a JSON string for our text

const SOURCES = ['Yonhap', 'NK News', 'Reuters', 'UN News', 'KCNA Watch', 'The Diplomat'];
const PEOPLE = ['Kim Jong-un', 'Vladimir Putin', 'Sergei Shoigu', 'Choe Son-hui', 'Linda Thomas-Greenfield', 'Elizabeth Salmón', 'Sergei Lavrov'];
const NK_RU = [
  'Shoigu visits Pyongyang for armistice anniversary parade',
  'Kim Jong-un travels by armoured train to Vladivostok',
  'Satellite images show rail traffic at Tumangang crossing',
  'Artillery shells from North Korea reported on the front line',
  'Russian delegation discusses fisheries and labour in Pyongyang',
  'Lavrov meets Choe Son-hui in Wonsan',
  'Road bridge over the Tumen River begins construction',
  'North Korean troops reported in Kursk region',
  'Moscow and Pyongyang resume direct passenger flights',
  'Russian tourists return to Wonsan-Kalma resort',
  'Defence ministers sign military cooperation memorandum',
  'Kim inspects drone production with Russian engineers',
  'Ukraine says North Korean missiles struck Kharkiv',
  'Parliament in Moscow ratifies the partnership treaty',
  'Pyongyang hosts Russian culture week',
  'Oil shipments exceed UN cap, monitors say',
  'Vostochny cosmodrome summit: Kim tours launch pads',
  'Russian universities enrol North Korean students',
  'Kim receives Russian Security Council secretary',
  'Rail freight across the Khasan–Rajin link grows',
  'Medals for North Korean soldiers, state media shows',
  'Moscow forum hears North Korean economic delegation',
  'Putin gifts Kim a second Aurus limousine',
  'Russian navy ships call at Wonsan',
];
const UN = [
  'Security Council fails to renew sanctions panel mandate',
  'General Assembly debates the Russian veto',
  'Human rights rapporteur briefs the Third Committee',
  'UN Command marks armistice anniversary at Panmunjom',
  'Multilateral Sanctions Monitoring Team issues first report',
  'Security Council meets on satellite launch',
  'Secretary-General calls for return to dialogue',
  'Sanctions committee chair briefs on implementation',
  'UN agencies report food insecurity in North Korea',
  'Council members issue joint statement on ballistic missile test',
  'Arria-formula meeting on forced labour',
  'Human Rights Council adopts resolution without a vote',
  'Special rapporteur calls for accountability',
  'UN panel says Russia delivered refined oil above cap',
  'Security Council holds open briefing on human rights',
  'Japan raises abductions issue at the General Assembly',
  'Sanctions committee adds vessels to designation list',
  'UNICEF resumes vaccine shipments to Pyongyang',
  'Council divided over response to hypersonic missile launch',
  'Commission of Inquiry anniversary event in Geneva',
  'Ten states launch sanctions monitoring outside the UN',
  'Russia blocks statement on satellite launch',
  'UN Command welcomes new member states',
  'Security Council presidency schedules Korea briefing',
];
const BOTH = [
  'Russia vetoes renewal of North Korea sanctions monitors',
  'Council hears evidence on arms transfers to Russia',
  'UN experts link debris in Ukraine to North Korean missile',
];
const OTHER = [
  'Seoul launches new unification policy',
  'Typhoon damages crops in South Hwanghae',
  'North Korean defectors mark ten years in the South',
  'Inter-Korean liaison office remains closed',
];

/** Articles as [file name, front matter fields, body]. */
export function articles() {
  const list = [];
  let n = 0;
  const start = Date.UTC(2025, 5, 20);
  const push = (title, topics, extra = {}) => {
    const k = n++;
    const d = new Date(start - k * 17 * 86400e3);
    const date = d.toISOString().slice(0, 10);
    const people = [PEOPLE[k % PEOPLE.length], ...(k % 3 === 0 ? [PEOPLE[(k + 2) % PEOPLE.length]] : [])];
    list.push({
      file: `a${String(k).padStart(3, '0')}.md`,
      fm: { title, date, source: SOURCES[k % SOURCES.length], topics, people, summary: `${title}: what happened, who said what, and why it matters for the region.`, ...extra.fm },
      body: extra.body ?? `${title}, according to reports.\n\nOfficials gave no further detail. Analysts said the development fits a pattern seen since 2023.\n\n# Background\n\nThe relationship has deepened since the September 2023 summit at the Vostochny cosmodrome.\n`,
    });
  };
  const all = [];
  for (let i = 0; i < Math.max(NK_RU.length, UN.length); i++) {
    if (NK_RU[i]) all.push([NK_RU[i], ['nk-russia']]);
    if (UN[i]) all.push([UN[i], ['un-diplomacy']]);
    if (i < BOTH.length) all.push([BOTH[i], ['nk-russia', 'un-diplomacy']]);
    if (i < OTHER.length) all.push([OTHER[i], []]);
  }
  for (const [t, topics] of all) push(t, topics);
  // Special cases.
  push(PUTIN_TITLE, ['nk-russia'], {
    fm: { date: '2024-06-19', people: ['Kim Jong-un', 'Vladimir Putin'], source: 'Yonhap', url: 'https://en.yna.co.kr/view/AEN20240619000000315', byline: 'Staff reporter', summary: 'The two leaders signed a treaty that includes a mutual-defence clause, their first since the end of the Cold War.' },
    body: `Vladimir Putin and Kim Jong-un signed the **Treaty on Comprehensive Strategic Partnership** in Pyongyang on 19 June 2024.[^1]\n\nArticle 4 of the treaty reads:\n\n> In case any one of the two sides is put in a state of war by an armed invasion from an individual state or several states, the other side shall provide military and other assistance with all means in its possession without delay.\n\n# Reactions\n\n| Country | Reaction | Date |\n|---|---|---|\n| South Korea | "Grave concern" | 20 June |\n| Japan | Called for restraint | 20 June |\n| United States | Consulting allies | 19 June |\n\n## What changes\n\n1. A mutual-defence clause.\n2. Cooperation on *science and technology*.\n3. Sanctions: both sides "oppose" unilateral measures.\n\nA very long identifier seen in the leaked annex: Supercalifragilisticexpialidocious_DPRK_RF_Treaty_Annex_Reference_0000000000000000000000000001.\n\n[^1]: Signed at the Kumsusan Palace, according to KCNA.\n`,
  });
  push(JSON_TITLE, ['un-diplomacy'], {
    // (An earlier address: its redirect page is validated with the rest.)
    fm: { date: '2024-04', summary: 'Month-precision article with a JSON code block.', aliases: ['/2024/04/panel-data.html'] },
    body: 'The panel published its data as JSON:\n\n```json\n{"report": "S/2024/215", "vessels": 17, "ship_to_ship_transfers": [{"name": "Example", "imo": 1234567, "flag": null}], "long_field_to_test_scrolling_inside_the_code_block": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}\n```\n\nAnd a shell one-liner:\n\n```sh\n# count vessels\njq \'.vessels\' report.json\n```\n\nInline `code` too.\n',
  });
  push('Undated note on the Rason special economic zone', ['nk-russia'], { fm: { date: undefined, summary: 'A note whose date is not known.' } });
  push('Year-only: Russian grain deliveries', ['nk-russia'], { fm: { date: '2023' } });
  push(XSS_TITLE, ['un-diplomacy'], {
    fm: { date: '2024-02-02', people: ['Vladimir Putin'], source: 'NK News', summary: `Summary with <script>alert(1)</script> and ${XSS_BODY}` },
    // Backslash escapes make Markdown show the probes as text.
    body: `Body text with \\<script>alert(1)\\</script> and "\\>\\<img src=x onerror=alert(1)\\> as text, and \`${XSS_BODY}\` as code.\n`,
  });
  push(RAW_TITLE, ['un-diplomacy'], {
    fm: { date: '2024-02-01', people: ['Vladimir Putin'], source: 'NK News', summary: 'Raw HTML in a Markdown body goes through the sanitizer.' },
    body: `Raw <script>alert(1)</script> and ${XSS_BODY} inline.\n\n<div onclick="alert(1)">div</div>\n\n[bad link](javascript:alert(1)) and <a href="javascript:alert(1)">raw</a> and <iframe src="javascript:alert(1)"></iframe>.\n`,
  });
  return list;
}

function frontMatter(fm) {
  const lines = [];
  for (const [k, v] of Object.entries(fm)) {
    if (v === undefined) continue;
    if (k === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(v)) lines.push(`date = ${v}`);
    else if (Array.isArray(v)) lines.push(`${k} = [${v.map(toml).join(', ')}]`);
    else lines.push(`${k} = ${toml(v)}`);
  }
  return lines.join('\n');
}

export function writeFixture(dir) {
  mkdirSync(join(dir, 'content'), { recursive: true });
  const config = readFileSync(join(REPO, 'briefing.toml'), 'utf8').replace(/^per_page\s*=.*$/m, 'per_page = 10');
  writeFileSync(join(dir, 'briefing.toml'), config);
  const list = articles();
  for (const a of list) writeFileSync(join(dir, 'content', a.file), `+++\n${frontMatter(a.fm)}\n+++\n${a.body}`);
  return list;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) { console.error('usage: node tests/browser/fixture.mjs DIR'); process.exit(2); }
  const list = writeFixture(dir);
  console.log(`wrote ${list.length} articles to ${dir}`);
}
