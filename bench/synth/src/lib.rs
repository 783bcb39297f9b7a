//! Synthetic archives for tests and benchmarks (issue 5).
//!
//! One generator ([`articles`]) turns `(n, seed)` into a stream of [`SynthArticle`]s: realistic
//! news items on North Korea–Russia ties, UN diplomacy and general Korean news, built from a
//! vocabulary of domain sentences by a tiny deterministic PRNG (splitmix64). Two writers consume
//! the same stream:
//!
//! - [`generate`] / [`write_archive`]: our content tree, about 75% curated Markdown with TOML
//!   front matter and 25% raw `.txt` clippings with the clutter of real saved pages;
//! - [`write_hugo_site`]: the same articles as a Hugo site, for the comparison benchmark.
//!
//! Everything is a pure function of `(n, seed)`: the same arguments give a byte-identical tree.

use std::collections::{HashMap, HashSet, VecDeque};
use std::fs;
use std::io;
use std::path::Path;

/// What [`generate`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SynthStats {
    /// Articles written (equals `n`).
    pub articles: usize,
    /// Curated `.md` files (one article each).
    pub markdown_files: usize,
    /// Raw `.txt` clipping files (one article each, or 2–3 for multi-story pages).
    pub clipping_files: usize,
    /// Words of body text over all articles (code blocks excluded).
    pub words: usize,
}

/// A publication date with the precision the article states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SynthDate {
    Day(u16, u8, u8),
    Month(u16, u8),
    Year(u16),
}

impl SynthDate {
    pub fn year(&self) -> u16 {
        match *self {
            SynthDate::Day(y, _, _) | SynthDate::Month(y, _) | SynthDate::Year(y) => y,
        }
    }

    /// `2024-06-19`, `2023-10` or `2023`.
    pub fn iso(&self) -> String {
        match *self {
            SynthDate::Day(y, m, d) => format!("{y:04}-{m:02}-{d:02}"),
            SynthDate::Month(y, m) => format!("{y:04}-{m:02}"),
            SynthDate::Year(y) => format!("{y:04}"),
        }
    }

    /// The full date Hugo needs: month precision becomes the 1st, year precision 1 January.
    pub fn full(&self) -> (u16, u8, u8) {
        match *self {
            SynthDate::Day(y, m, d) => (y, m, d),
            SynthDate::Month(y, m) => (y, m, 1),
            SynthDate::Year(y) => (y, 1, 1),
        }
    }
}

/// The page shape a clipping imitates (see the seeds in `content/clippings/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClippingStyle {
    /// Hankyoreh: "Posted on" line, standfirst, repeated photo captions, "By NAME, staff reporter".
    Hankyoreh,
    /// Korea JoongAng Daily: breadcrumb, "print dictionary print", repeated headline and captions,
    /// NBSP spacer lines, "BY NAME [email]".
    JoongAng,
    /// Aggregator copy of a Korea Herald/Yonhap story: paragraphs on consecutive lines, then
    /// "Try Our AI Features", "Comments", "Related Articles" with a few headlines.
    Daily8,
    /// A list of unrelated "- headline" links above the story.
    Headlines,
    /// Asian Lite News: "Categories" header, standfirst "…reports Asian Lite News", "ALSO READ-".
    /// Multi-story files repeat this block 2–3 times.
    AsianLite,
}

/// How an article is stored in our content tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SynthFormat {
    Markdown,
    Clipping(ClippingStyle),
}

/// An inline link: `text` occurs verbatim in the paragraph it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthLink {
    pub text: String,
    pub url: String,
}

/// A block of an article body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SynthBlock {
    /// Plain text (no Markdown syntax); links are applied when written as Markdown.
    Paragraph { text: String, links: Vec<SynthLink> },
    /// A bullet list; each item is plain text.
    List(Vec<String>),
    /// A fenced data excerpt (`json`, `toml` or `csv`), Markdown only.
    Code { lang: &'static str, code: String },
}

/// One generated article, before it is written in either format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthArticle {
    /// 0-based position in the stream.
    pub id: usize,
    /// File path relative to the content directory, `/`-separated. Consecutive articles with
    /// the same path are the stories of one multi-story clipping.
    pub path: String,
    pub format: SynthFormat,
    /// Unique over the stream (compared with case and punctuation ignored).
    pub title: String,
    /// Lowercase ASCII, non-alphanumerics collapsed to `-`, trimmed.
    pub slug: String,
    pub date: Option<SynthDate>,
    /// Hour and minute for "Posted on" lines.
    pub time: (u8, u8),
    pub source: String,
    pub url: String,
    pub byline: String,
    /// Topic slugs, a subset of `nk-russia`, `un-diplomacy` (empty for ~15%).
    pub topics: Vec<String>,
    /// 1–5 people, each mentioned in the body.
    pub people: Vec<String>,
    pub summary: String,
    pub blocks: Vec<SynthBlock>,
    /// Markdown only: write `topics = []` rather than omitting the key when there are none.
    pub empty_topics_key: bool,
    /// Seeds the clutter around a clipping (captions, teasers), so writing stays deterministic.
    pub clutter_seed: u64,
}

impl SynthArticle {
    /// Words of body text (paragraphs and list items; code excluded).
    pub fn words(&self) -> usize {
        self.blocks
            .iter()
            .map(|b| match b {
                SynthBlock::Paragraph { text, .. } => text.split_whitespace().count(),
                SynthBlock::List(items) => items.iter().map(|i| i.split_whitespace().count()).sum(),
                SynthBlock::Code { .. } => 0,
            })
            .sum()
    }

    /// Paragraphs, counting a bullet list as one (code excluded).
    pub fn paragraphs(&self) -> usize {
        self.blocks
            .iter()
            .filter(|b| !matches!(b, SynthBlock::Code { .. }))
            .count()
    }

    /// The body as Markdown (links applied, lists and code fenced).
    pub fn markdown_body(&self) -> String {
        let mut out = String::new();
        for (i, block) in self.blocks.iter().enumerate() {
            if i > 0 {
                out.push_str("\n\n");
            }
            match block {
                SynthBlock::Paragraph { text, links } => {
                    let mut text = text.clone();
                    for link in links {
                        let md = format!("[{}]({})", link.text, link.url);
                        text = text.replacen(&link.text, &md, 1);
                    }
                    out.push_str(&text);
                }
                SynthBlock::List(items) => {
                    for (j, item) in items.iter().enumerate() {
                        if j > 0 {
                            out.push('\n');
                        }
                        out.push_str("- ");
                        out.push_str(item);
                    }
                }
                SynthBlock::Code { lang, code } => {
                    out.push_str("```");
                    out.push_str(lang);
                    out.push('\n');
                    out.push_str(code);
                    out.push_str("\n```");
                }
            }
        }
        out.push('\n');
        out
    }

    /// Body paragraphs as plain text (clippings have only paragraphs).
    fn plain_paragraphs(&self) -> Vec<String> {
        let mut out = Vec::new();
        for block in &self.blocks {
            match block {
                SynthBlock::Paragraph { text, .. } => out.push(text.clone()),
                SynthBlock::List(items) => out.push(items.join(" ")),
                SynthBlock::Code { .. } => {}
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------------------------
// PRNG

/// splitmix64: tiny, fast, good enough for test data, and stable across platforms.
#[derive(Debug, Clone)]
struct Rng(u64);

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(mix(seed ^ 0x5eed_b41e_f1a6_0001))
    }

    /// An independent stream for one article or one purpose.
    fn derive(seed: u64, stream: u64, index: u64) -> Self {
        Rng::new(mix(seed) ^ mix(stream.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ index))
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix(self.0)
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `per_mille / 1000`.
    fn chance(&mut self, per_mille: usize) -> bool {
        self.below(1000) < per_mille
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

pub const TOPIC_NK_RUSSIA: &str = "nk-russia";
pub const TOPIC_UN_DIPLOMACY: &str = "un-diplomacy";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Cat {
    Nk,
    Un,
    General,
}

/// (name, role used on first mention, the subject the person is mostly quoted on).
const PEOPLE: &[(&str, &str, Cat)] = &[
    ("Kim Jong-un", "North Korean leader", Cat::Nk),
    ("Vladimir Putin", "Russian President", Cat::Nk),
    ("Sergei Shoigu", "Russian Security Council Secretary", Cat::Nk),
    ("Kim Yo-jong", "North Korean leader's sister", Cat::Nk),
    ("Sergei Lavrov", "Russian Foreign Minister", Cat::Nk),
    ("Andrei Belousov", "Russian Defence Minister", Cat::Nk),
    ("Choe Son-hui", "North Korean Foreign Minister", Cat::Nk),
    ("Kim Yong-hyun", "South Korean Defense Minister", Cat::Nk),
    ("Volodymyr Zelensky", "Ukrainian President", Cat::Nk),
    ("Dmitry Peskov", "Kremlin spokesman", Cat::Nk),
    ("Pak Jong-chon", "Workers' Party secretary", Cat::Nk),
    ("Alexander Matsegora", "Russian Ambassador to Pyongyang", Cat::Nk),
    ("No Kwang-chol", "North Korean Defence Minister", Cat::Nk),
    ("Sung Kim", "US special representative for North Korea", Cat::Un),
    ("Linda Thomas-Greenfield", "US Ambassador to the UN", Cat::Un),
    ("Amina Mohammed", "UN Deputy Secretary-General", Cat::Un),
    ("Kang In-sun", "Second Vice Foreign Minister", Cat::Un),
    ("Antonio Guterres", "UN Secretary-General", Cat::Un),
    ("Vassily Nebenzia", "Russian Ambassador to the UN", Cat::Un),
    ("Kim Song", "North Korean Ambassador to the UN", Cat::Un),
    ("Hwang Joon-kook", "South Korean Ambassador to the UN", Cat::Un),
    (
        "Elizabeth Salmón",
        "UN special rapporteur on North Korean human rights",
        Cat::Un,
    ),
    ("Volker Türk", "UN High Commissioner for Human Rights", Cat::Un),
    (
        "Noh Kyu-duk",
        "special representative for Korean Peninsula peace",
        Cat::Un,
    ),
    ("Takehiro Funakoshi", "Japanese senior diplomat", Cat::Un),
    ("Mirela Dragan", "UN sanctions committee chair", Cat::Un),
    ("Tobias Lindqvist", "Swedish envoy", Cat::Un),
    ("Yoon Suk Yeol", "President", Cat::General),
    ("Lee Jae-myung", "President", Cat::General),
    ("Xi Jinping", "Chinese President", Cat::General),
    ("Joe Biden", "US President", Cat::General),
    ("Donald Trump", "US President", Cat::General),
    ("Fumio Kishida", "Japanese Prime Minister", Cat::General),
    ("Cho Tae-yul", "Foreign Minister", Cat::General),
    ("Park Jin", "Foreign Minister", Cat::General),
    ("Kang Hoon-sik", "presidential chief of staff", Cat::General),
    ("Han Seo-yeon", "lawmaker", Cat::General),
    ("Oh Ji-hoon", "Unification Ministry spokesperson", Cat::General),
    ("Daniel Achebe", "analyst at the Asan Institute", Cat::General),
    (
        "Elena Markova",
        "researcher at the Carnegie Moscow Center",
        Cat::General,
    ),
    ("Jang Min-ho", "professor at Kyungnam University", Cat::General),
    ("Pavel Kuznetsov", "Russian trade official", Cat::General),
];

const REPORTERS: &[&str] = &[
    "Park Min-seo",
    "Jung Hae-won",
    "Lee Tae-hoon",
    "Choi Yu-na",
    "Seo Ji-woo",
    "Hong Sung-min",
    "Kwon Na-rae",
    "Baek Do-hyun",
    "Anna Kovac",
    "Daniel Brooks",
    "Rachel Moon",
    "Yoon Ha-eun",
    "Cha Jun-ho",
    "Nam Gi-tae",
    "Peter Lindgren",
    "Shin Eun-bi",
];

const CITIES: &[&str] = &[
    "Pyongyang",
    "Moscow",
    "Seoul",
    "Vladivostok",
    "New York",
    "Beijing",
    "Tokyo",
    "Washington",
    "Geneva",
    "Khabarovsk",
    "Busan",
    "Wonsan",
    "Rason",
    "Panmunjom",
    "Brussels",
];

const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const NK_SENTENCES: &[&str] = &[
    "North Korea and Russia agreed to expand military cooperation during talks in {city} on {day}, according to the Korean Central News Agency.",
    "South Korea's spy agency estimates that Pyongyang has shipped more than {n},000 containers of munitions and artillery shells to Russia since {year}.",
    "The deployment of North Korean troops to Russia's Kursk region was the first time Pyongyang had sent combat units to a foreign war in decades.",
    "Analysts said Moscow may be repaying the arms shipments with satellite, missile and submarine technology.",
    "Officials in Ukraine reported finding fragments of ballistic missiles bearing Korean-language markings near the front line.",
    "The comprehensive strategic partnership treaty signed in Pyongyang includes a clause on mutual military assistance if either side comes under attack.",
    "Russia and North Korea agreed to build a road bridge across the Tumen River, their first road link across the border.",
    "Satellite imagery showed freight trains loading containers at the Tumangang rail station near the Russian border.",
    "Moscow and Pyongyang have denied any arms transfers, dismissing the accusations as groundless.",
    "A delegation of Russian military officials arrived in Pyongyang on {day} for follow-on talks on defence cooperation.",
    "North Korean workers have been sent to Russian construction sites and fisheries despite a ban on such labour.",
    "The Kremlin said the two leaders discussed energy supplies, food aid and the situation on the Korean Peninsula.",
    "Ukraine's military intelligence said about {n},000 North Korean soldiers had been deployed along the front.",
    "Russian tourists returned to the Wonsan-Kalma resort on the east coast as the two countries resumed direct flights.",
    "A ruble settlement system is meant to shield trade between Moscow and Pyongyang from Western restrictions.",
    "Seoul summoned the Russian ambassador to protest against the military cooperation between Moscow and Pyongyang.",
    "Experts said the partnership gives Pyongyang combat experience with modern drones and electronic warfare.",
    "Russia's Pacific Fleet held joint drills with North Korean vessels in the East Sea, the first such exercise in years.",
    "North Korean state media showed the leader inspecting a munitions factory that was said to be running at full capacity.",
    "Moscow has stepped up deliveries of refined petroleum to Rajin port, according to a lawmaker briefed by the intelligence service.",
    "The Kremlin described the ties as a normal partnership between neighbours and said they were not aimed at third countries.",
    "Pyongyang confirmed for the first time that its troops had fought alongside Russian forces to retake territory in Kursk.",
    "Military cooperation between the two countries has deepened steadily since the summit at the Vostochny Cosmodrome.",
    "The two governments signed agreements on health care, education and a new air route between Pyongyang and Moscow.",
];

const UN_SENTENCES: &[&str] = &[
    "The UN Security Council held an emergency meeting on {day} to discuss North Korea's latest intercontinental ballistic missile launch.",
    "Russia vetoed a draft resolution that would have renewed the mandate of the UN panel of experts monitoring sanctions on North Korea.",
    "Thirteen members voted in favour of the draft, while Russia voted against and China abstained.",
    "The General Assembly's Third Committee adopted a resolution condemning human rights violations in North Korea without a vote.",
    "The sanctions committee received evidence of ship-to-ship transfers of refined petroleum in waters off {city}.",
    "Eleven countries launched the Multilateral Sanctions Monitoring Team to fill the gap left by the disbanded panel of experts.",
    "Diplomats said a presidential statement was unlikely because China and Russia opposed any new measures.",
    "Resolution 2397 caps North Korea's imports of refined petroleum at 500,000 barrels a year.",
    "The Security Council has imposed nine rounds of sanctions on Pyongyang since its first nuclear test in 2006.",
    "The UN special rapporteur said forced labour and overseas workers were funding the weapons programme.",
    "Member states were reminded that all arms trade with North Korea is banned under Security Council resolutions.",
    "China and Russia argued that new sanctions would only deepen the humanitarian crisis in the North.",
    "The council last adopted a resolution on North Korea in December 2017, after the launch of the Hwasong-15.",
    "South Korea began a two-year term as a non-permanent member of the Security Council in 2024.",
    "The UN Command called on the North to respect the armistice agreement along the demilitarised zone.",
    "Human rights groups urged the council to refer the situation in North Korea to the International Criminal Court.",
    "Sanctions monitors found that North Korean hackers had stolen about {n}0 million dollars in cryptocurrency in {year}.",
    "A draft statement circulated among the fifteen council members condemned the launch as a clear violation of resolutions.",
    "The Arria-formula meeting at the United Nations heard testimony from defectors about conditions in prison camps.",
    "The UN Development Programme said it was ready to resume projects in the North once international staff could return.",
    "The ambassadors of South Korea, Japan and the United States issued a joint statement after the council session.",
    "The sanctions regime also bans exports of coal, iron ore, seafood and textiles from the North.",
];

const GENERAL_SENTENCES: &[&str] = &[
    "The ministry said further details would be announced after consultations with the relevant agencies.",
    "Officials declined to comment on the timing of the next meeting.",
    "The government plans to submit the revised budget to the National Assembly next month.",
    "Exports of semiconductors rose {n} percent from a year earlier, according to customs data.",
    "Heavy rain disrupted train services in the central region on {day}.",
    "The opposition party criticised the plan as rushed and called for a public hearing.",
    "Local media reported that several thousand people attended the ceremony in {city}.",
    "The presidential office said the appointments would take effect on {day}.",
    "Economists expect household spending to recover slowly in the second half of the year.",
    "The two sides agreed to meet again later in the year, the ministry said in a statement.",
    "A spokesperson said the decision had been made after careful review.",
    "The announcement came a day after the cabinet meeting in {city}.",
    "Polls showed public opinion divided roughly evenly on the proposal.",
    "The trip was the first of its kind in {n} years, according to officials.",
    "Reporters were not allowed to attend the closed-door session.",
    "The central bank kept its policy rate unchanged at its meeting on {day}.",
    "Tourism officials expect more visitors during the autumn holiday season.",
    "The city government said the new subway line would open by {year}.",
    "The committee will hold a public hearing before the end of the month.",
    "Officials said the schedule could change depending on the weather.",
    "The new rules will apply to companies with more than {n} employees from next year.",
    "Critics said the measure did little to address rising housing costs in the capital.",
];

const PERSON_SENTENCES: &[&str] = &[
    "{P} told reporters that the issue would be raised again at the next meeting.",
    "{P} did not respond to questions about the timing of the visit.",
    "According to officials briefed on the meeting, {P} pressed for a clear timetable.",
    "{P} is expected to travel to {city} later this month.",
    "{P} met counterparts from Japan and the United States on {day}.",
    "In a speech on {day}, {P} called for closer coordination among partners.",
    "{P} was quoted by state media as praising the results of the visit.",
    "Aides said {P} had been briefed on the situation overnight.",
    "{P} arrived in {city} on {day} for a three-day visit.",
    "The remarks by {P} were the most detailed public comments on the matter so far.",
];

const NK_QUOTES: &[&str] = &[
    "Our relations are entering a new period of prosperity",
    "The treaty is purely defensive in nature",
    "Any support provided in return must end",
    "We will stand with our Russian comrades",
    "The transfer of arms is a direct threat to security in Europe and Asia",
    "Military cooperation between Moscow and Pyongyang has reached a dangerous level",
    "The friendship between our peoples is unbreakable",
];

const UN_QUOTES: &[&str] = &[
    "The council cannot remain silent in the face of repeated violations",
    "Sanctions are not an end in themselves",
    "Every member state has an obligation to implement these resolutions",
    "The human rights situation remains dire",
    "Dialogue is the only path to lasting peace",
    "The panel's work was essential and it should not have been ended",
];

const GENERAL_QUOTES: &[&str] = &[
    "We will review the matter carefully",
    "This is a step in the right direction",
    "The schedule has not been finalised",
    "We expect a decision soon",
    "Our priority is the safety of our citizens",
];

/// (plain sentence, the phrase that becomes the link, URL pattern).
const LINK_SENTENCES: &[(&str, &str, &str)] = &[
    (
        "The full statement was published by the foreign ministry.",
        "published by the foreign ministry",
        "https://www.mofa.go.kr/eng/brd/m_5676/view.do?seq={n}",
    ),
    (
        "A recording of the meeting is available on UN Web TV.",
        "available on UN Web TV",
        "https://webtv.un.org/en/asset/k1{n}/k1{m}",
    ),
    (
        "The text of the resolution can be read on the UN press site.",
        "read on the UN press site",
        "https://press.un.org/en/{year}/sc{n}.doc.htm",
    ),
    (
        "Satellite images of the port were analysed by 38 North.",
        "analysed by 38 North",
        "https://www.38north.org/{year}/0{d}/satellite-images-{n}/",
    ),
    (
        "The KCNA statement was carried in full by NK News.",
        "carried in full by NK News",
        "https://www.nknews.org/{year}/0{d}/kcna-statement-{n}/",
    ),
    (
        "Earlier reporting on the talks is collected by Yonhap.",
        "collected by Yonhap",
        "https://en.yna.co.kr/view/AEN{year}0{d}0{n}",
    ),
];

const TITLE_SUBJECTS: [&[&str]; 3] = [
    &[
        "N. Korea",
        "Russia",
        "Kim Jong-un",
        "Putin",
        "Moscow",
        "Pyongyang",
        "Seoul",
        "US",
        "Japan",
        "Ukraine",
        "Shoigu",
        "Lavrov",
        "G7",
        "NATO",
        "EU",
    ],
    &[
        "UN",
        "UNSC",
        "Seoul",
        "US envoy",
        "China",
        "Russia",
        "Guterres",
        "Thomas-Greenfield",
        "UN rapporteur",
        "Japan",
        "France",
        "Britain",
        "Vice FM",
        "UN Command",
    ],
    &[
        "Seoul",
        "Lee Jae-myung",
        "Yoon",
        "Cabinet",
        "Opposition",
        "Finance ministry",
        "Bank of Korea",
        "Busan",
        "Lawmakers",
        "Govt",
        "Presidential office",
        "Unification ministry",
    ],
];

const TITLE_VERBS: &[&str] = &[
    "vows",
    "pledges",
    "warns over",
    "condemns",
    "weighs",
    "discusses",
    "signals",
    "rejects",
    "welcomes",
    "seeks",
    "eyes",
    "slams",
    "backs",
    "questions",
    "defends",
    "reviews",
    "pushes",
    "probes",
];

const TITLE_OBJECTS: [&[&str]; 3] = [
    &[
        "deeper military ties with Moscow",
        "arms shipments to Russia",
        "troop deployment to Kursk",
        "munitions exports",
        "satellite technology deal",
        "Tumen River road bridge",
        "strategic partnership treaty",
        "joint naval drills",
        "oil deliveries to Rajin",
        "labour exports to Russia",
        "drone production deal",
        "Wonsan tourism link",
        "direct flights to Vladivostok",
        "artillery shell supplies",
    ],
    &[
        "new Security Council sanctions",
        "panel of experts mandate",
        "human rights resolution",
        "sanctions enforcement",
        "ship-to-ship transfers",
        "missile launch at the UN",
        "General Assembly vote",
        "UN Command role",
        "humanitarian access",
        "sanctions monitoring team",
        "council presidential statement",
        "Arria-formula meeting",
    ],
    &[
        "new budget plan",
        "minimum wage hike",
        "local election turnout",
        "chip export rebound",
        "typhoon relief",
        "subway expansion",
        "tourism drive",
        "cabinet reshuffle",
        "pension reform",
        "housing supply plan",
        "new policy aides",
        "rate freeze",
    ],
];

const TITLE_TAILS: &[&str] = &[
    "",
    "",
    " in {city} talks",
    " after {city} visit",
    " at {city} meeting",
    " amid tensions",
    ", officials say",
    ", report says",
    ", Yonhap reports",
    " ahead of summit",
    " as talks stall",
    " for {year}",
    " in {month} briefing",
    ", sources say",
    " after missile launch",
    " in joint statement",
];

const TITLE_QUOTE_WORDS: &[&str] = &[
    "must end",
    "unacceptable",
    "a grave threat",
    "purely defensive",
    "long overdue",
    "a new era",
];

/// Unrelated headlines for "Related"/"ALSO READ"/link-list clutter.
const JUNK_HEADLINES: &[&str] = &[
    "California Assembly OKs highest minimum wage in nation",
    "S. Korea unveils first graphic cigarette warnings",
    "LPGA golfer back in action after injury",
    "S. Korea won't be top seed in final World Cup qualification round",
    "High-intensity workout injuries spawn cottage industry",
    "CDC expands range of Zika mosquitoes into parts of Northeast",
    "Who knew? 'The Walking Dead' is helping families connect",
    "India's 'Electric' Awakening",
    "Busan film festival opens with record entries",
    "K-pop agency shares slide after earnings miss",
    "Seoul apartment prices edge up for third week",
    "Heat wave warning issued for southern provinces",
    "New rail line to link Incheon airport and Gangnam",
    "Baseball: Lions clinch playoff berth",
    "Stocks open higher on chip rally",
    "Festival of lanterns returns to Cheonggyecheon",
];

struct Source {
    name: &'static str,
    url: &'static str,
}

const SOURCES: &[Source] = &[
    Source {
        name: "Yonhap",
        url: "https://en.yna.co.kr/view/AEN{ymd}00{id}",
    },
    Source {
        name: "Korea Herald",
        url: "https://www.koreaherald.com/article/3{id}",
    },
    Source {
        name: "Hankyoreh",
        url: "https://english.hani.co.kr/arti/english_edition/e_northkorea/1{id}.html",
    },
    Source {
        name: "Korea JoongAng Daily",
        url: "https://koreajoongangdaily.joins.com/news/{ymd-}/national/northKorea/{slug}/2{id}",
    },
    Source {
        name: "Asian Lite News",
        url: "https://asianlite.com/{y}/top-news/{slug}/",
    },
    Source {
        name: "Reuters",
        url: "https://www.reuters.com/world/asia-pacific/{slug}-{ymd-}/",
    },
    Source {
        name: "NK News",
        url: "https://www.nknews.org/{y}/{m}/{slug}/",
    },
    Source {
        name: "The Korea Times",
        url: "https://www.koreatimes.co.kr/www/nation/{y}/{m}/103_{id}.html",
    },
    Source {
        name: "UN News",
        url: "https://news.un.org/en/story/{y}/{m}/1{id}",
    },
    Source {
        name: "Associated Press",
        url: "https://apnews.com/article/{slug}-{hex}",
    },
];

fn source_named(name: &str) -> &'static Source {
    SOURCES.iter().find(|s| s.name == name).unwrap_or(&SOURCES[0])
}

// ---------------------------------------------------------------------------------------------
// Text helpers

/// Lowercase ASCII transliteration, non-alphanumerics collapsed to single `-`, trimmed.
pub fn slugify(title: &str) -> String {
    let ascii = deunicode::deunicode(title).to_ascii_lowercase();
    let mut out = String::with_capacity(ascii.len());
    let mut dash = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    out
}

/// Coarser than any slug: alphanumerics only, so titles that differ only in punctuation collide.
fn title_key(title: &str) -> String {
    deunicode::deunicode(title)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// A TOML basic or literal string, escaped by the `toml` crate.
fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

fn toml_array(items: &[String]) -> String {
    let parts: Vec<String> = items.iter().map(|s| toml_str(s)).collect();
    format!("[{}]", parts.join(", "))
}

fn days_in_month(y: u16, m: u8) -> u8 {
    match m {
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Fills `{city}`, `{day}`, `{n}`, `{year}`, `{month}` placeholders.
fn fill(rng: &mut Rng, template: &str, year: u16) -> String {
    let mut s = template.to_owned();
    if s.contains("{city}") {
        s = s.replace("{city}", rng.pick(CITIES));
    }
    if s.contains("{day}") {
        s = s.replace("{day}", rng.pick(WEEKDAYS));
    }
    if s.contains("{n}") {
        s = s.replace("{n}", &rng.range(2, 19).to_string());
    }
    if s.contains("{year}") {
        s = s.replace("{year}", &year.to_string());
    }
    if s.contains("{month}") {
        s = s.replace("{month}", rng.pick(MONTHS));
    }
    s
}

/// Straight or curly quotes around `q`, picked per quote so articles mix both.
fn quote_marks(rng: &mut Rng) -> (&'static str, &'static str) {
    if rng.chance(500) {
        ("\u{201c}", "\u{201d}")
    } else {
        ("\"", "\"")
    }
}

// ---------------------------------------------------------------------------------------------
// The generator

const FOLDER_CAP: usize = 1000;

/// The stream of articles for `(n, seed)`. Both writers consume it, so the curated archive and
/// the Hugo site hold the same articles.
pub fn articles(n: usize, seed: u64) -> Articles {
    Articles {
        seed,
        n,
        next_id: 0,
        file_rng: Rng::derive(seed, 1, 0),
        folders: HashMap::new(),
        queue: VecDeque::new(),
        titles: HashSet::new(),
    }
}

/// Iterator over the generated articles; see [`articles`].
pub struct Articles {
    seed: u64,
    n: usize,
    next_id: usize,
    file_rng: Rng,
    folders: HashMap<String, usize>,
    queue: VecDeque<SynthArticle>,
    titles: HashSet<String>,
}

impl Iterator for Articles {
    type Item = SynthArticle;

    fn next(&mut self) -> Option<SynthArticle> {
        if self.queue.is_empty() && self.next_id < self.n {
            self.plan_file();
        }
        self.queue.pop_front()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.n - self.next_id + self.queue.len();
        (left, Some(left))
    }
}

impl Articles {
    /// Decides the next file (its format and how many stories it holds) and builds its articles.
    fn plan_file(&mut self) {
        let remaining = self.n - self.next_id;
        let (format, stories) = if self.file_rng.below(100) < 77 {
            (SynthFormat::Markdown, 1)
        } else if self.file_rng.below(10) == 0 {
            let k = 2 + self.file_rng.below(2);
            (SynthFormat::Clipping(ClippingStyle::AsianLite), k.min(remaining))
        } else {
            let style = self.file_rng.pick(&[
                ClippingStyle::Hankyoreh,
                ClippingStyle::JoongAng,
                ClippingStyle::Daily8,
                ClippingStyle::Headlines,
                ClippingStyle::AsianLite,
            ]);
            (SynthFormat::Clipping(style), 1)
        };
        let mut built = Vec::with_capacity(stories);
        for _ in 0..stories {
            let id = self.next_id;
            self.next_id += 1;
            let mut rng = Rng::derive(self.seed, 2, id as u64);
            built.push(build_article(&mut rng, id, format, &mut self.titles));
        }
        let base = match built[0].date {
            Some(SynthDate::Day(y, m, _)) | Some(SynthDate::Month(y, m)) => {
                format!("{y:04}/{m:02}")
            }
            Some(SynthDate::Year(y)) => format!("{y:04}"),
            None => "undated".to_owned(),
        };
        let count = self.folders.entry(base.clone()).or_insert(0);
        let folder = folder_name(&base, *count);
        *count += 1;
        let first = &built[0];
        let path = match format {
            SynthFormat::Markdown => {
                let mut short: String = first.slug.chars().take(48).collect();
                while short.ends_with('-') {
                    short.pop();
                }
                format!("{folder}/{:06}-{short}.md", first.id)
            }
            SynthFormat::Clipping(_) => {
                format!("{folder}/{:06}_{:016x}.txt", first.id, self.file_rng.next_u64())
            }
        };
        for mut a in built {
            a.path = path.clone();
            self.queue.push_back(a);
        }
    }
}

/// `base` for its first [`FOLDER_CAP`] files, then `base-1`, `base-2`, … so no folder holds more.
fn folder_name(base: &str, index_in_base: usize) -> String {
    match index_in_base / FOLDER_CAP {
        0 => base.to_owned(),
        k => format!("{base}-{k}"),
    }
}

fn pick_date(rng: &mut Rng, format: SynthFormat) -> Option<SynthDate> {
    let y = 2016 + rng.below(10) as u16;
    let m = 1 + rng.below(12) as u8;
    let d = 1 + rng.below(days_in_month(y, m) as usize) as u8;
    let r = rng.below(1000);
    if matches!(format, SynthFormat::Clipping(_)) {
        // Clippings always state a full date in the text.
        return Some(SynthDate::Day(y, m, d));
    }
    Some(match r {
        0..10 => return None,
        10..60 => SynthDate::Month(y, m),
        60..70 => SynthDate::Year(y),
        _ => SynthDate::Day(y, m, d),
    })
}

fn cat_index(cat: Cat) -> usize {
    match cat {
        Cat::Nk => 0,
        Cat::Un => 1,
        Cat::General => 2,
    }
}

fn make_title(rng: &mut Rng, cat: Cat, year: u16) -> String {
    let c = cat_index(cat);
    let subject = rng.pick(TITLE_SUBJECTS[c]);
    let mut object = rng.pick(TITLE_OBJECTS[c]);
    // "Russia backs deeper military ties with Moscow" reads wrong: re-pick.
    let russian = ["Russia", "Moscow", "Putin", "Lavrov", "Shoigu"].contains(&subject);
    for _ in 0..3 {
        if !(russian && (object.contains("Moscow") || object.contains("Russia"))) {
            break;
        }
        object = rng.pick(TITLE_OBJECTS[c]);
    }
    let r = rng.below(100);
    let core = if r < 6 {
        let w = rng.pick(TITLE_QUOTE_WORDS);
        let (o, cl) = match rng.below(3) {
            0 => ("\u{2018}", "\u{2019}"),
            1 => ("'", "'"),
            _ => ("\"", "\""),
        };
        format!("{subject} says {object} {o}{w}{cl}")
    } else {
        let verb = rng.pick(TITLE_VERBS);
        format!("{subject} {verb} {object}")
    };
    let t = rng.pick(TITLE_TAILS);
    let tail = fill(rng, t, year);
    format!("{core}{tail}")
}

fn pick_people(rng: &mut Rng, cats: &[Cat]) -> Vec<usize> {
    let k = (1 + rng.below(3) + if rng.chance(250) { rng.below(3) } else { 0 }).min(5);
    let mut chosen: Vec<usize> = Vec::with_capacity(k);
    let mut guard = 0;
    while chosen.len() < k && guard < 100 {
        guard += 1;
        let idx = if rng.chance(700) {
            let cat = rng.pick(cats);
            let pool: Vec<usize> = (0..PEOPLE.len()).filter(|&i| PEOPLE[i].2 == cat).collect();
            rng.pick(&pool)
        } else {
            rng.below(PEOPLE.len())
        };
        if !chosen.contains(&idx) {
            chosen.push(idx);
        }
    }
    chosen
}

fn style_apostrophes(s: String, curly: bool) -> String {
    if curly { s.replace('\'', "\u{2019}") } else { s }
}

struct Sentence {
    text: String,
    link: Option<SynthLink>,
}

fn build_article(rng: &mut Rng, id: usize, format: SynthFormat, titles: &mut HashSet<String>) -> SynthArticle {
    // (Every draw from `rng` happens in the same order as ever: a seed gives the same archive.)
    let date = pick_date(rng, format);
    let year = date.map(|d| d.year()).unwrap_or(2016 + (id % 10) as u16);
    let time = (rng.range(6, 23) as u8, rng.below(60) as u8);
    let cats = pick_cats(rng);
    let topics: Vec<String> = cats
        .iter()
        .filter_map(|c| match c {
            Cat::Nk => Some(TOPIC_NK_RUSSIA.to_owned()),
            Cat::Un => Some(TOPIC_UN_DIPLOMACY.to_owned()),
            Cat::General => None,
        })
        .collect();
    let empty_topics_key = topics.is_empty() && rng.chance(500);
    let people_idx = pick_people(rng, &cats);
    let people: Vec<String> = people_idx.iter().map(|&i| PEOPLE[i].0.to_owned()).collect();
    let curly = rng.chance(500);
    let source_name = pick_source(rng, format);
    let byline = rng.pick(REPORTERS).to_string();
    let title = pick_title(rng, &cats, year, curly, titles);
    let slug = slugify(&title);
    let url = make_url(rng, source_name, id, date, &slug);
    let sentences = body_sentences(rng, &cats, &people_idx, year, curly);
    let mut blocks = paragraphs(rng, sentences);
    match format {
        SynthFormat::Markdown => dress_markdown(rng, year, &mut blocks),
        SynthFormat::Clipping(style) => dress_clipping(rng, style, date, &mut blocks),
    }
    let summary = {
        let pool = match cats[0] {
            Cat::Nk => NK_SENTENCES,
            Cat::Un => UN_SENTENCES,
            Cat::General => GENERAL_SENTENCES,
        };
        let t = rng.pick(pool);
        style_apostrophes(fill(rng, t, year), curly)
    };
    SynthArticle {
        id,
        path: String::new(),
        format,
        title,
        slug,
        date,
        time,
        source: source_name.to_owned(),
        url,
        byline,
        topics,
        people,
        summary,
        blocks,
        empty_topics_key,
        clutter_seed: rng.next_u64(),
    }
}

/// Topics: about 15% none, else one or both.
fn pick_cats(rng: &mut Rng) -> Vec<Cat> {
    match rng.below(100) {
        0..15 => vec![Cat::General],
        15..55 => vec![Cat::Nk],
        55..85 => vec![Cat::Un],
        _ => vec![Cat::Nk, Cat::Un],
    }
}

/// The outlet: any for curated articles, the page's own for a clipping.
fn pick_source(rng: &mut Rng, format: SynthFormat) -> &'static str {
    match format {
        SynthFormat::Markdown => SOURCES[rng.below(SOURCES.len())].name,
        SynthFormat::Clipping(ClippingStyle::Hankyoreh) => "Hankyoreh",
        SynthFormat::Clipping(ClippingStyle::JoongAng) => "Korea JoongAng Daily",
        SynthFormat::Clipping(ClippingStyle::Daily8) if rng.chance(500) => "Korea Herald",
        SynthFormat::Clipping(ClippingStyle::Daily8) => "Yonhap",
        SynthFormat::Clipping(ClippingStyle::Headlines) => "Yonhap",
        SynthFormat::Clipping(ClippingStyle::AsianLite) => "Asian Lite News",
    }
}

/// Headlines repeat as wires' do ("N. Korea fires ballistic missile into East Sea"): a repeat
/// is kept one time in five, else drawn again once (about fifty at 10,000).
fn pick_title(rng: &mut Rng, cats: &[Cat], year: u16, curly: bool, titles: &mut HashSet<String>) -> String {
    let main_cat = cats[rng.below(cats.len())];
    let mut title = style_apostrophes(make_title(rng, main_cat, year), curly);
    if !titles.insert(title_key(&title)) && rng.below(5) != 0 {
        title = style_apostrophes(make_title(rng, main_cat, year), curly);
        titles.insert(title_key(&title));
    }
    title
}

/// The body: a stream of sentences up to a word target.
fn body_sentences(rng: &mut Rng, cats: &[Cat], people_idx: &[usize], year: u16, curly: bool) -> Vec<Sentence> {
    let target = rng.range(400, 1130);
    let mut mentioned = vec![false; people_idx.len()];
    let mut used = HashSet::new();
    let mut sentences: Vec<Sentence> = Vec::new();
    let mut words = 0;
    while words < target {
        let n = sentences.len();
        let s = make_sentence(rng, cats, people_idx, &mut mentioned, &mut used, year, curly, n);
        words += s.text.split_whitespace().count();
        sentences.push(s);
    }
    sentences
}

/// The sentences cut into 6 to 20 paragraphs at random places.
fn paragraphs(rng: &mut Rng, sentences: Vec<Sentence>) -> Vec<SynthBlock> {
    let n_sent = sentences.len();
    let n_par = rng.range(6, 20.min(n_sent));
    // Cut points: n_par - 1 distinct positions in 1..n_sent.
    let mut positions: Vec<usize> = (1..n_sent).collect();
    for i in 0..n_par - 1 {
        let j = i + rng.below(positions.len() - i);
        positions.swap(i, j);
    }
    let mut cuts: Vec<usize> = positions[..n_par - 1].to_vec();
    cuts.sort_unstable();
    cuts.push(n_sent);
    let mut blocks: Vec<SynthBlock> = Vec::with_capacity(n_par + 1);
    let mut start = 0;
    let mut sentences = sentences.into_iter();
    for &end in &cuts {
        let mut text = String::new();
        let mut links = Vec::new();
        for s in sentences.by_ref().take(end - start) {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&s.text);
            links.extend(s.link);
        }
        start = end;
        blocks.push(SynthBlock::Paragraph { text, links });
    }
    blocks
}

/// Curated Markdown: about 25% get a bullet list (a later paragraph of 3+ sentences), 3% a
/// fenced data excerpt.
fn dress_markdown(rng: &mut Rng, year: u16, blocks: &mut Vec<SynthBlock>) {
    if rng.chance(250) {
        let i = rng.range(1, blocks.len() - 1);
        if let SynthBlock::Paragraph { text, links } = &blocks[i] {
            let items: Vec<String> = split_sentences(text);
            if items.len() >= 3 && links.is_empty() {
                blocks[i] = SynthBlock::List(items);
            }
        }
    }
    if rng.chance(30) {
        let i = rng.range(1, blocks.len() - 1);
        let code = make_code(rng, year);
        blocks.insert(i, code);
    }
}

/// Clippings are plain text (link markup dropped, the words kept); wire copy opens with a
/// Yonhap dateline half the time.
fn dress_clipping(rng: &mut Rng, style: ClippingStyle, date: Option<SynthDate>, blocks: &mut [SynthBlock]) {
    for b in blocks.iter_mut() {
        if let SynthBlock::Paragraph { links, .. } = b {
            links.clear();
        }
    }
    let wire = matches!(style, ClippingStyle::Daily8 | ClippingStyle::Headlines);
    if wire
        && rng.chance(500)
        && let Some(SynthDate::Day(_, m, d)) = date
        && let SynthBlock::Paragraph { text, .. } = &mut blocks[0]
    {
        *text = format!("SEOUL, {} {d} (Yonhap) -- {text}", MONTHS[m as usize - 1]);
    }
}

/// Splits a paragraph of generated sentences back into sentences (they end in `.` + space).
fn split_sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for word in text.split(' ') {
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
        if word.ends_with('.') || word.ends_with(".\u{201d}") || word.ends_with(".\"") {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Picks from `pool`, avoiding entries this article already used while fresh ones are likely.
fn pick_fresh(rng: &mut Rng, used: &mut HashSet<(usize, usize)>, pool: &'static [&'static str]) -> &'static str {
    let key = pool.as_ptr() as usize;
    let mut i = rng.below(pool.len());
    for _ in 0..4 {
        if !used.contains(&(key, i)) {
            break;
        }
        i = rng.below(pool.len());
    }
    used.insert((key, i));
    pool[i]
}

fn capitalize(mut s: String) -> String {
    if let Some(first) = s.chars().next()
        && first.is_ascii_lowercase()
    {
        s.replace_range(..1, &first.to_ascii_uppercase().to_string());
    }
    s
}

const OPENERS: &[&str] = &[
    "Meanwhile, the ",
    "Separately, the ",
    "Earlier, the ",
    "At the same time, the ",
    "In {city}, the ",
];

const CLOSERS: &[&str] = &[
    ", officials said.",
    ", according to Yonhap.",
    ", the report said.",
    ", sources said.",
    ", analysts noted.",
    ", diplomats said.",
];

#[allow(clippy::too_many_arguments)]
fn make_sentence(
    rng: &mut Rng,
    cats: &[Cat],
    people: &[usize],
    mentioned: &mut [bool],
    used: &mut HashSet<(usize, usize)>,
    year: u16,
    curly: bool,
    index: usize,
) -> Sentence {
    // Mention every person early: the sentences after the first introduce each with their role.
    let unmentioned = mentioned.iter().position(|m| !m);
    let person_turn = match unmentioned {
        Some(_) if index > 0 => true,
        _ => rng.chance(120),
    };
    let cat = rng.pick(cats);
    let quotes = match cat {
        Cat::Nk => NK_QUOTES,
        Cat::Un => UN_QUOTES,
        Cat::General => GENERAL_QUOTES,
    };
    let r = rng.below(100);
    let text = if person_turn && !people.is_empty() {
        let who = mention(rng, people, mentioned);
        person_sentence(rng, r, &who, used, quotes, year)
    } else if r < 8 && index > 2 {
        return link_sentence(rng, year);
    } else if r < 16 {
        let q = pick_fresh(rng, used, quotes);
        let (o, c) = quote_marks(rng);
        let who = rng.pick(&[
            "the official said",
            "a senior diplomat said",
            "the statement said",
            "the spokesperson added",
        ]);
        format!("{o}{q},{c} {who}.")
    } else {
        topic_sentence(rng, cat, used, year)
    };
    Sentence {
        text: style_apostrophes(capitalize(text), curly),
        link: None,
    }
}

/// The next person to name: the first not yet named (with their role), else anyone.
fn mention(rng: &mut Rng, people: &[usize], mentioned: &mut [bool]) -> String {
    let i = match mentioned.iter().position(|m| !m) {
        Some(i) => i,
        None => rng.below(people.len()),
    };
    let (name, role, _) = PEOPLE[people[i]];
    if mentioned[i] {
        name.to_owned()
    } else {
        mentioned[i] = true;
        format!("{role} {name}")
    }
}

/// A sentence about a person: a quote (`r` under 35) or a statement.
fn person_sentence(
    rng: &mut Rng,
    r: usize,
    who: &str,
    used: &mut HashSet<(usize, usize)>,
    quotes: &'static [&'static str],
    year: u16,
) -> String {
    if r >= 35 {
        let t = pick_fresh(rng, used, PERSON_SENTENCES);
        return fill(rng, &t.replace("{P}", who), year);
    }
    let q = pick_fresh(rng, used, quotes);
    let (o, c) = quote_marks(rng);
    if rng.chance(500) {
        format!("{o}{q},{c} {who} said.")
    } else {
        format!("{who} said, {o}{q}.{c}")
    }
}

/// A sentence with a link to a made-up address of an outlet.
fn link_sentence(rng: &mut Rng, year: u16) -> Sentence {
    let (text, phrase, url) = LINK_SENTENCES[rng.below(LINK_SENTENCES.len())];
    let url = url
        .replace("{n}", &format!("{}", 10_000 + rng.below(90_000)))
        .replace("{m}", &format!("{}", 10_000 + rng.below(90_000)))
        .replace("{d}", &format!("{}", 1 + rng.below(9)))
        .replace("{year}", &year.to_string());
    Sentence {
        text: text.to_owned(),
        link: Some(SynthLink {
            text: phrase.to_owned(),
            url,
        }),
    }
}

/// A sentence of the topic's (now and then a general one), sometimes with an opener or a
/// closer.
fn topic_sentence(rng: &mut Rng, cat: Cat, used: &mut HashSet<(usize, usize)>, year: u16) -> String {
    let pool = if cat != Cat::General && rng.chance(300) {
        GENERAL_SENTENCES
    } else {
        match cat {
            Cat::Nk => NK_SENTENCES,
            Cat::Un => UN_SENTENCES,
            Cat::General => GENERAL_SENTENCES,
        }
    };
    let t = pick_fresh(rng, used, pool);
    let mut s = fill(rng, t, year);
    if rng.chance(200)
        && let Some(rest) = s.strip_prefix("The ")
    {
        let o = rng.pick(OPENERS);
        let opener = fill(rng, o, year);
        s = format!("{opener}{rest}");
    }
    if rng.chance(200) && !s.contains(" said") && !s.contains(" according to ") {
        s.pop();
        s.push_str(rng.pick(CLOSERS));
    }
    s
}

fn make_code(rng: &mut Rng, year: u16) -> SynthBlock {
    let ports = ["Rajin", "Nampo", "Chongjin", "Vostochny", "Vladivostok"];
    match rng.below(3) {
        0 => {
            let r = 2270 + rng.below(130);
            SynthBlock::Code {
                lang: "json",
                code: format!(
                    "{{\n  \"resolution\": \"{r}\",\n  \"year\": {year},\n  \"votes\": {{ \"for\": {}, \"against\": {}, \"abstain\": {} }},\n  \"measures\": [\"refined petroleum cap\", \"worker repatriation\", \"arms embargo\"]\n}}",
                    13 - rng.below(3),
                    rng.below(2),
                    rng.below(3)
                ),
            }
        }
        1 => SynthBlock::Code {
            lang: "toml",
            code: format!(
                "[shipment]\nvessel = \"Angara\"\nfrom = \"{}\"\nto = \"{}\"\ncontainers = {}\nobserved = {year}-{:02}-{:02}",
                ports[rng.below(3)],
                ports[3 + rng.below(2)],
                100 + rng.below(1900),
                1 + rng.below(12),
                1 + rng.below(28)
            ),
        },
        _ => {
            let mut code = String::from("date,port,containers");
            for _ in 0..rng.range(3, 6) {
                code.push_str(&format!(
                    "\n{year}-{:02}-{:02},{},{}",
                    1 + rng.below(12),
                    1 + rng.below(28),
                    ports[rng.below(ports.len())],
                    50 + rng.below(950)
                ));
            }
            SynthBlock::Code { lang: "csv", code }
        }
    }
}

fn make_url(rng: &mut Rng, source: &str, id: usize, date: Option<SynthDate>, slug: &str) -> String {
    let (y, m, d) = date.map(|d| d.full()).unwrap_or((2020, 1, 1));
    let short: String = slug.chars().take(60).collect();
    source_named(source)
        .url
        .replace("{ymd}", &format!("{y:04}{m:02}{d:02}"))
        .replace("{ymd-}", &format!("{y:04}-{m:02}-{d:02}"))
        .replace("{y}", &format!("{y:04}"))
        .replace("{m}", &format!("{m:02}"))
        .replace("{id}", &format!("{id:07}"))
        .replace("{slug}", short.trim_end_matches('-'))
        .replace("{hex}", &format!("{:016x}", rng.next_u64()))
}

// ---------------------------------------------------------------------------------------------
// Our format

/// The curated Markdown file for one article: TOML front matter between `+++` lines.
pub fn curated_markdown(a: &SynthArticle) -> String {
    let mut s = String::with_capacity(8192);
    s.push_str("+++\n");
    s.push_str(&format!("title = {}\n", toml_str(&a.title)));
    match a.date {
        Some(SynthDate::Day(y, m, d)) => s.push_str(&format!("date = {y:04}-{m:02}-{d:02}\n")),
        Some(other) => s.push_str(&format!("date = {}\n", toml_str(&other.iso()))),
        None => {}
    }
    s.push_str(&format!("source = {}\n", toml_str(&a.source)));
    s.push_str(&format!("url = {}\n", toml_str(&a.url)));
    s.push_str(&format!("byline = {}\n", toml_str(&a.byline)));
    if !a.topics.is_empty() || a.empty_topics_key {
        s.push_str(&format!("topics = {}\n", toml_array(&a.topics)));
    }
    s.push_str(&format!("people = {}\n", toml_array(&a.people)));
    s.push_str(&format!("summary = {}\n", toml_str(&a.summary)));
    s.push_str("+++\n\n");
    s.push_str(&a.markdown_body());
    s
}

fn posted_on(a: &SynthArticle) -> String {
    let (y, m, d) = a.date.map(|d| d.full()).unwrap_or((2020, 1, 1));
    let (hh, mm) = a.time;
    let stamp = format!("{y:04}-{m:02}-{d:02} {hh:02}:{mm:02} KST");
    format!("Posted on : {stamp} Modified on : {stamp}")
}

fn caption(rng: &mut Rng, a: &SynthArticle, tag: &str) -> String {
    let who = a.people.first().map(String::as_str).unwrap_or("Officials");
    let city = rng.pick(CITIES);
    let day = rng.pick(WEEKDAYS);
    format!("{who}, center, speaks during a meeting in {city} on {day}. {tag}")
}

/// `lo..=hi` distinct unrelated headlines as "- headline" lines (link lists around a story).
fn junk_list(rng: &mut Rng, lo: usize, hi: usize) -> String {
    let mut order: Vec<usize> = (0..JUNK_HEADLINES.len()).collect();
    let mut out = String::new();
    for i in 0..rng.range(lo, hi) {
        let j = i + rng.below(order.len() - i);
        order.swap(i, j);
        out.push_str("- ");
        out.push_str(JUNK_HEADLINES[order[i]]);
        out.push('\n');
    }
    out
}

/// The raw clipping text for the stories of one file (all of one style).
pub fn clipping_text(stories: &[SynthArticle]) -> String {
    let mut out = String::with_capacity(8192 * stories.len());
    for a in stories {
        let mut rng = Rng::new(a.clutter_seed);
        let paras = a.plain_paragraphs();
        let style = match a.format {
            SynthFormat::Clipping(s) => s,
            SynthFormat::Markdown => ClippingStyle::Headlines,
        };
        match style {
            ClippingStyle::Hankyoreh => {
                let cap = caption(&mut rng, a, "(Yonhap News)");
                out.push_str(&format!("{}\n\n{}\n{}\n", a.title, posted_on(a), a.summary));
                out.push_str(&format!("{cap}\n{cap}\n\n"));
                out.push_str(&paras.join("\n\n"));
                out.push_str(&format!(
                    "\n\nBy {}, staff reporter\n\nPlease direct questions or comments to [english@hani.co.kr]\n\n\
                     button that move to original korean article (\u{d074}\u{b9ad}\u{c2dc} \u{c6d0}\u{bb38}\u{c73c}\u{b85c} \u{c774}\u{b3d9}\u{d558}\u{b294} \u{bc84}\u{d2bc})\n\n\
                     Related stories\n\nMost viewed articles",
                    a.byline
                ));
            }
            ClippingStyle::JoongAng => {
                let upper = a.byline.to_uppercase();
                let email = {
                    let mut parts = a.byline.splitn(2, ' ');
                    let family = parts.next().unwrap_or("news").to_lowercase();
                    let given = parts.next().unwrap_or("desk").to_lowercase().replace(['-', ' '], "");
                    format!("{given}.{family}@joongang.co.kr")
                };
                let section = rng.pick(&["Defense", "North Korea", "Diplomacy", "Politics"]);
                let cap1 = caption(&mut rng, a, "[YONHAP]");
                let cap2 = caption(&mut rng, a, "[NEWS1]");
                out.push_str(&format!(
                    "{t}\n\nHome > National > {section}\n\n{posted}\n\nprint dictionary print\n\n{t}\n\n  \u{2022} \u{ae30}\u{c790} \u{c0ac}\u{c9c4}\n  \u{2022} {upper}\n{cap1}\n\n{cap1}\n\n\u{a0}\n",
                    t = a.title,
                    posted = posted_on(a)
                ));
                for (i, p) in paras.iter().enumerate() {
                    out.push_str(p);
                    out.push_str("\n\u{a0}\n");
                    if i == paras.len() / 2 {
                        out.push_str(&format!("{cap2}\n\n{cap2}\n\n"));
                    }
                }
                out.push_str(&format!(
                    "\nBY {upper} [{email}]\nLog in to Twitter or Facebook account to connect\nwith the Korea JoongAng Daily\n\
                     help-image Social comment?\ns\nlock icon\n\nTo write comments, please log in to one of the accounts.\n\n\
                     Standards Board Policy (0/250\u{c790})"
                ));
            }
            ClippingStyle::Daily8 => {
                out.push_str(&format!("\n{}\n{}\n", a.title, posted_on(a)));
                out.push_str(&paras.join("\n"));
                out.push_str(" (Yonhap)\n\nTry Our AI Features\nExplore what Daily8 AI can do for you:\nComments\nNo comments yet...\nRelated Articles\n");
                // Headlines only: teasers with their text would be stories of their own.
                out.push_str(&junk_list(&mut rng, 2, 4));
            }
            ClippingStyle::Headlines => {
                out.push_str(&junk_list(&mut rng, 6, 10));
                out.push_str(&format!("{}\n{}\n", a.title, posted_on(a)));
                out.push_str(&paras.join("\n"));
            }
            ClippingStyle::AsianLite => {
                let cats = rng.pick(&[
                    "-Top News Asia News",
                    "-Top News EU News Europe",
                    "-Top News Asia News World News",
                    "-Top News Asia News Politics",
                ]);
                let also = if rng.chance(200) {
                    String::new()
                } else {
                    rng.pick(JUNK_HEADLINES).to_string()
                };
                let sep = if rng.chance(300) { ": " } else { "-" };
                out.push_str(&format!(
                    "Categories\n{cats}\n\n{}\n\n{}\u{2026}reports Asian Lite News\n\n{}\n\n",
                    a.title,
                    a.summary.trim_end_matches('.'),
                    posted_on(a)
                ));
                out.push_str(&paras.join("\n\n"));
                out.push_str(&format!("\n\nALSO READ{sep}{also}\n\n"));
            }
        }
    }
    out
}

/// Writes `n` articles into `content_dir` (created if missing), deterministic from `seed`.
pub fn generate(content_dir: &Path, n: usize, seed: u64) -> io::Result<SynthStats> {
    fs::create_dir_all(content_dir)?;
    let mut stats = SynthStats::default();
    let mut made: HashSet<String> = HashSet::new();
    let mut write = |group: &[SynthArticle]| -> io::Result<()> {
        let first = &group[0];
        let path = content_dir.join(&first.path);
        if let Some(parent) = path.parent()
            && made.insert(parent.to_string_lossy().into_owned())
        {
            fs::create_dir_all(parent)?;
        }
        let text = match first.format {
            SynthFormat::Markdown => {
                stats.markdown_files += 1;
                curated_markdown(first)
            }
            SynthFormat::Clipping(_) => {
                stats.clipping_files += 1;
                clipping_text(group)
            }
        };
        for a in group {
            stats.articles += 1;
            stats.words += a.words();
        }
        fs::write(path, text)
    };
    for_each_file(articles(n, seed), &mut write)?;
    Ok(stats)
}

/// Calls `f` once per file with the consecutive articles that share its path.
fn for_each_file(
    stream: impl Iterator<Item = SynthArticle>,
    f: &mut impl FnMut(&[SynthArticle]) -> io::Result<()>,
) -> io::Result<()> {
    let mut group: Vec<SynthArticle> = Vec::new();
    for a in stream {
        if group.first().is_some_and(|g| g.path != a.path) {
            f(&group)?;
            group.clear();
        }
        group.push(a);
    }
    if !group.is_empty() {
        f(&group)?;
    }
    Ok(())
}

/// A whole archive: `root/briefing.toml` (the given text, unchanged) and `root/content/…`.
pub fn write_archive(root: &Path, n: usize, seed: u64, config_toml: &str) -> io::Result<SynthStats> {
    fs::create_dir_all(root)?;
    fs::write(root.join("briefing.toml"), config_toml)?;
    generate(&root.join("content"), n, seed)
}

// ---------------------------------------------------------------------------------------------
// Hugo

const HUGO_CONFIG: &str = r#"baseURL = "https://example.org/"
languageCode = "en"
title = "Korea Briefing"

# Hugo >= 0.128 reads this; older versions ignore it (the templates pass 50 to .Paginate too).
[pagination]
pagerSize = 50

[taxonomies]
topic = "topics"
person = "people"
"#;

const HUGO_BASEOF: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ .Site.Title }}{{ else }}{{ .Title }} | {{ .Site.Title }}{{ end }}</title>
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
<nav><a href="{{ "/topics/" | relURL }}">Topics</a> <a href="{{ "/people/" | relURL }}">People</a> <a href="{{ "/articles/" | relURL }}">Archive</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
"#;

const HUGO_ITEM: &str = r#"<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ if not .Date.IsZero }} <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>{{ end }}{{ with .Params.source }} · {{ . }}{{ end }}</li>
"#;

const HUGO_INDEX: &str = r#"{{ define "main" }}
<h1>Latest</h1>
<ul>
{{ range first 20 .Site.RegularPages }}{{ partial "item.html" . }}{{ end }}
</ul>
{{ end }}
"#;

const HUGO_SINGLE: &str = r#"{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p>{{ if not .Date.IsZero }}<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>{{ end }}{{ with .Params.source }} · {{ . }}{{ end }}{{ with .Params.byline }} · {{ . }}{{ end }}</p>
{{ with .GetTerms "topics" }}<p>Topics: {{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>{{ end }}
{{ with .GetTerms "people" }}<p>People: {{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>{{ end }}
{{ with .Params.source_url }}<p><a href="{{ . }}">Original</a></p>{{ end }}
{{ .Content }}
<nav>{{ with .Prev }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }} {{ with .Next }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
</article>
{{ end }}
"#;

/// The `articles` section page: a year archive of every article.
const HUGO_LIST: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ range .Pages.GroupByDate "2006" }}<h2>{{ .Key }}</h2>
<ul>
{{ range .Pages }}{{ partial "item.html" . }}{{ end }}
</ul>
{{ end }}
{{ end }}
"#;

const HUGO_TERM: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pager := .Paginate .Pages 50 }}
<ul>
{{ range $pager.Pages }}{{ partial "item.html" . }}{{ end }}
</ul>
{{ template "_internal/pagination.html" . }}
{{ end }}
"#;

const HUGO_TAXONOMY: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
{{ end }}
</ul>
{{ end }}
"#;

/// The Hugo front matter and body for one article (clippings become plain Markdown).
pub fn hugo_markdown(a: &SynthArticle) -> String {
    let mut s = String::with_capacity(8192);
    s.push_str("+++\n");
    s.push_str(&format!("title = {}\n", toml_str(&a.title)));
    if let Some(d) = a.date {
        let (y, m, d) = d.full();
        s.push_str(&format!("date = {y:04}-{m:02}-{d:02}\n"));
    }
    // (Hugo would put articles with the same headline at one address, one over the other.)
    s.push_str(&format!("slug = {}\n", toml_str(&format!("{}-{}", a.slug, a.id))));
    s.push_str(&format!("topics = {}\n", toml_array(&a.topics)));
    s.push_str(&format!("people = {}\n", toml_array(&a.people)));
    s.push_str(&format!("summary = {}\n", toml_str(&a.summary)));
    s.push_str(&format!("source = {}\n", toml_str(&a.source)));
    s.push_str(&format!("source_url = {}\n", toml_str(&a.url)));
    s.push_str(&format!("byline = {}\n", toml_str(&a.byline)));
    s.push_str("+++\n\n");
    s.push_str(&a.markdown_body());
    s
}

/// The same `n` articles as a Hugo site in `root`: `hugo.toml`, `layouts/` and
/// `content/articles/*.md`. Build it with `hugo -s root`.
pub fn write_hugo_site(root: &Path, n: usize, seed: u64) -> io::Result<()> {
    let layouts = root.join("layouts");
    fs::create_dir_all(layouts.join("_default"))?;
    fs::create_dir_all(layouts.join("partials"))?;
    fs::write(root.join("hugo.toml"), HUGO_CONFIG)?;
    fs::write(layouts.join("_default/baseof.html"), HUGO_BASEOF)?;
    fs::write(layouts.join("index.html"), HUGO_INDEX)?;
    fs::write(layouts.join("_default/single.html"), HUGO_SINGLE)?;
    fs::write(layouts.join("_default/list.html"), HUGO_LIST)?;
    fs::write(layouts.join("_default/term.html"), HUGO_TERM)?;
    fs::write(layouts.join("_default/taxonomy.html"), HUGO_TAXONOMY)?;
    fs::write(layouts.join("partials/item.html"), HUGO_ITEM)?;
    for (slug, name) in [
        (TOPIC_NK_RUSSIA, "North Korea\u{2013}Russia ties"),
        (TOPIC_UN_DIPLOMACY, "UN diplomacy"),
    ] {
        let term = root.join("content/topics").join(slug);
        fs::create_dir_all(&term)?;
        fs::write(
            term.join("_index.md"),
            format!("+++\ntitle = {}\n+++\n", toml_str(name)),
        )?;
    }
    let dir = root.join("content/articles");
    fs::create_dir_all(&dir)?;
    fs::write(dir.join("_index.md"), "+++\ntitle = \"Archive\"\n+++\n")?;
    for a in articles(n, seed) {
        fs::write(dir.join(format!("{:06}.md", a.id)), hugo_markdown(&a))?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    fn read_tree(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut out = BTreeMap::new();
        for entry in walkdir::WalkDir::new(root) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(root).unwrap().to_path_buf();
                out.insert(rel, fs::read(entry.path()).unwrap());
            }
        }
        out
    }

    #[test]
    fn same_seed_gives_identical_tree() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let sa = generate(a.path(), 300, 7).unwrap();
        let sb = generate(b.path(), 300, 7).unwrap();
        assert_eq!(sa, sb);
        let ta = read_tree(a.path());
        let tb = read_tree(b.path());
        assert_eq!(ta.len(), sa.markdown_files + sa.clipping_files);
        assert!(ta == tb, "trees differ");
    }

    #[test]
    fn different_seeds_differ() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        generate(a.path(), 50, 1).unwrap();
        generate(b.path(), 50, 2).unwrap();
        assert!(read_tree(a.path()) != read_tree(b.path()));
        let ta: Vec<String> = articles(50, 1).map(|a| a.title).collect();
        let tb: Vec<String> = articles(50, 2).map(|a| a.title).collect();
        assert_ne!(ta, tb);
    }

    #[test]
    fn counts_match_n() {
        for n in [0, 1, 2, 3, 17, 250] {
            let dir = tempfile::tempdir().unwrap();
            let stats = generate(dir.path(), n, 42).unwrap();
            assert_eq!(stats.articles, n);
            let tree = read_tree(dir.path());
            let md = tree.keys().filter(|p| p.extension().is_some_and(|e| e == "md")).count();
            let txt = tree
                .keys()
                .filter(|p| p.extension().is_some_and(|e| e == "txt"))
                .count();
            assert_eq!(md, stats.markdown_files, "n={n}");
            assert_eq!(txt, stats.clipping_files, "n={n}");
            assert_eq!(tree.len(), md + txt);
            let words: usize = articles(n, 42).map(|a| a.words()).sum();
            assert_eq!(stats.words, words);
        }
    }

    #[test]
    fn ranges_hold() {
        let all: Vec<SynthArticle> = articles(2000, 9).collect();
        assert_eq!(all.len(), 2000);
        let mut keys = HashSet::new();
        let mut slugs = HashSet::new();
        for a in &all {
            let w = a.words();
            assert!((400..=1200).contains(&w), "{} has {w} words", a.title);
            let p = a.paragraphs();
            assert!((6..=20).contains(&p), "{} has {p} paragraphs", a.title);
            assert!((1..=5).contains(&a.people.len()));
            assert!(a.topics.len() <= 2);
            for t in &a.topics {
                assert!(t == TOPIC_NK_RUSSIA || t == TOPIC_UN_DIPLOMACY);
            }
            let body = a.plain_paragraphs().join(" ");
            for person in &a.people {
                assert!(body.contains(person.as_str()), "{person} not in {}", a.title);
            }
            keys.insert(title_key(&a.title));
            slugs.insert(a.slug.clone());
            if matches!(a.format, SynthFormat::Clipping(_)) {
                assert!(matches!(a.date, Some(SynthDate::Day(..))));
            }
        }
        // Headlines repeat as wires' do: some, not many.
        let repeats = all.len() - keys.len();
        assert!((1..all.len() / 50).contains(&repeats), "{repeats} repeated headlines");
        assert!(all.len() - slugs.len() >= repeats);
        let share = |f: &dyn Fn(&SynthArticle) -> bool| all.iter().filter(|a| f(a)).count() as f64 / all.len() as f64;
        let md = share(&|a| a.format == SynthFormat::Markdown);
        assert!((0.68..0.82).contains(&md), "markdown share {md}");
        let none = share(&|a| a.topics.is_empty());
        assert!((0.10..0.20).contains(&none), "no-topic share {none}");
        let undated = share(&|a| a.date.is_none());
        assert!(undated > 0.0 && undated < 0.03, "undated share {undated}");
        let month = share(&|a| matches!(a.date, Some(SynthDate::Month(..))));
        assert!((0.02..0.08).contains(&month), "month share {month}");
        let code = share(&|a| a.blocks.iter().any(|b| matches!(b, SynthBlock::Code { .. })));
        assert!((0.005..0.06).contains(&code), "code share {code}");
        let lists = share(&|a| a.blocks.iter().any(|b| matches!(b, SynthBlock::List(_))));
        assert!(lists > 0.05, "list share {lists}");
        let links = share(&|a| {
            a.blocks
                .iter()
                .any(|b| matches!(b, SynthBlock::Paragraph { links, .. } if !links.is_empty()))
        });
        assert!(links > 0.2, "link share {links}");
        let curly = share(&|a| a.plain_paragraphs().join(" ").contains('\u{201c}'));
        let straight = share(&|a| a.plain_paragraphs().join(" ").contains('"'));
        assert!(curly > 0.2 && straight > 0.2, "quotes {curly} {straight}");
        let years: HashSet<u16> = all.iter().filter_map(|a| a.date.map(|d| d.year())).collect();
        assert_eq!(years.len(), 10);
        let multi = all.windows(2).filter(|w| w[0].path == w[1].path).count();
        assert!(multi > 0, "no multi-story clipping");
    }

    #[test]
    fn curated_front_matter_is_toml() {
        for a in articles(300, 5).filter(|a| a.format == SynthFormat::Markdown) {
            let text = curated_markdown(&a);
            let rest = text.strip_prefix("+++\n").unwrap();
            let end = rest.find("\n+++\n").unwrap();
            let table: toml::Table = toml::from_str(&rest[..end]).unwrap();
            assert_eq!(table["title"].as_str(), Some(a.title.as_str()));
            match a.date {
                Some(SynthDate::Day(..)) => assert!(table["date"].as_datetime().is_some()),
                Some(d) => assert_eq!(table["date"].as_str(), Some(d.iso().as_str())),
                None => assert!(!table.contains_key("date")),
            }
        }
    }

    #[test]
    fn titles_with_quotes_survive_toml() {
        let a = SynthArticle {
            id: 0,
            path: String::new(),
            format: SynthFormat::Markdown,
            title: "US calls ties \"a grave threat\" and 'must end' \\ \u{2018}now\u{2019}".into(),
            slug: String::new(),
            date: None,
            time: (0, 0),
            source: "Yonhap".into(),
            url: "https://example.org/".into(),
            byline: "X".into(),
            topics: vec![],
            people: vec![],
            summary: "s".into(),
            blocks: vec![],
            empty_topics_key: true,
            clutter_seed: 0,
        };
        let text = curated_markdown(&a);
        let fm = text.strip_prefix("+++\n").unwrap().split("\n+++\n").next().unwrap();
        let table: toml::Table = toml::from_str(fm).unwrap();
        assert_eq!(table["title"].as_str(), Some(a.title.as_str()));
        assert_eq!(table["topics"].as_array().map(|v| v.len()), Some(0));
    }

    #[test]
    fn folders_stay_small() {
        assert_eq!(folder_name("2019/03", 0), "2019/03");
        assert_eq!(folder_name("2019/03", 999), "2019/03");
        assert_eq!(folder_name("2019/03", 1000), "2019/03-1");
        assert_eq!(folder_name("2019/03", 2500), "2019/03-2");
        let mut per_folder: HashMap<String, HashSet<String>> = HashMap::new();
        for a in articles(3000, 3) {
            let (folder, _) = a.path.rsplit_once('/').unwrap();
            per_folder.entry(folder.to_owned()).or_default().insert(a.path.clone());
        }
        assert!(per_folder.values().all(|files| files.len() <= FOLDER_CAP));
        assert!(per_folder.len() > 100);
    }

    #[test]
    fn clippings_state_their_date() {
        let mut seen = HashSet::new();
        let all: Vec<SynthArticle> = articles(600, 11).collect();
        let mut i = 0;
        while i < all.len() {
            let mut j = i + 1;
            while j < all.len() && all[j].path == all[i].path {
                j += 1;
            }
            if let SynthFormat::Clipping(style) = all[i].format {
                seen.insert(style);
                let text = clipping_text(&all[i..j]);
                for a in &all[i..j] {
                    let stamp = format!("Posted on : {}", a.date.unwrap().iso());
                    assert!(text.contains(&stamp), "{} lacks its date", a.path);
                    assert!(text.contains(&a.title));
                }
                assert!(!text.contains("](http"), "no Markdown links in {}", all[i].path);
            }
            i = j;
        }
        assert_eq!(seen.len(), 5, "every clipping style appears");
    }

    #[test]
    fn slugify_matches_rule() {
        assert_eq!(slugify("Bench article 3 for latency"), "bench-article-3-for-latency");
        assert_eq!(
            slugify("  Kim’s “talks” — in Türk's view!! "),
            "kim-s-talks-in-turk-s-view"
        );
    }

    #[test]
    fn hugo_site_is_deterministic() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        write_hugo_site(a.path(), 50, 42).unwrap();
        write_hugo_site(b.path(), 50, 42).unwrap();
        let ta = read_tree(a.path());
        assert!(ta == read_tree(b.path()));
        assert!(ta.contains_key(Path::new("hugo.toml")));
        let pages = ta.keys().filter(|p| p.starts_with("content/articles")).count();
        assert_eq!(pages, 51); // 50 articles + _index.md
        // Same articles as our archive.
        for a in articles(50, 42) {
            let text =
                String::from_utf8(ta[&PathBuf::from(format!("content/articles/{:06}.md", a.id))].clone()).unwrap();
            let fm = text.strip_prefix("+++\n").unwrap().split("\n+++\n").next().unwrap();
            let table: toml::Table = toml::from_str(fm).unwrap();
            assert_eq!(table["title"].as_str(), Some(a.title.as_str()));
            assert_eq!(table.contains_key("date"), a.date.is_some());
        }
    }
}
