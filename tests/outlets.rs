//! An archive's own outlets (`[[outlets]]` in briefing.toml) name the source of a clipping
//! that only they know, and a bad entry stops the build at its line.

mod common;
use common::{Archive, CONFIG};

/// A clipping whose only credit is a dateline tag the built-in gazetteer does not know.
const CLIPPING: &str = "Russia and North Korea open a new road bridge\n\
By Jane Roe\n\
June 19, 2024\n\n\
KHASAN, June 19 (TRH) — Russian and North Korean officials opened a road bridge across the Tumen River on Wednesday.\n\n\
The bridge is the first road link between the two countries, and Moscow said it would carry trade.\n";

fn article_page(a: &Archive) -> String {
    let dir = a.site().join("articles");
    let page = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path().join("index.html"))
        .find(|p| std::fs::read_to_string(p).is_ok_and(|t| t.contains("road bridge")))
        .expect("the clipping's article page");
    std::fs::read_to_string(page).unwrap()
}

#[test]
fn a_configured_outlet_names_the_source() {
    let config = format!(
        "{CONFIG}\n[[outlets]]\nname = \"Tumen River Herald\"\naliases = [\"TRH\", \"두만강헤럴드\"]\ndomains = [\"trherald.example\"]\n"
    );
    let a = Archive::new(&config);
    a.write("content/clippings/bridge.txt", CLIPPING);
    a.build(&[]);
    let page = article_page(&a);
    assert!(page.contains("Tumen River Herald"), "{page}");

    // Without the entry the same credit is only kept as written.
    let plain = Archive::new(CONFIG);
    plain.write("content/clippings/bridge.txt", CLIPPING);
    plain.build(&[]);
    assert!(!article_page(&plain).contains("Tumen River Herald"));
}

#[test]
fn a_bad_outlet_entry_stops_the_build_at_its_line() {
    let config =
        format!("{CONFIG}\n[[outlets]]\nname = \"Tumen River Herald\"\ndomains = [\"https://trherald.example/\"]\n");
    let header = config.lines().position(|l| l == "[[outlets]]").unwrap() + 1;
    let a = Archive::new(&config);
    let err = a.build_fails(&[]);
    assert!(err.contains(&format!("briefing.toml:{header}")), "{err}");
    assert!(err.contains("https://trherald.example/"), "{err}");
}

#[test]
fn a_wire_is_credited_apart_from_the_outlet_that_ran_it() {
    // A wire only the archive knows, with markup in its name: shown escaped.
    let config = format!(
        "{CONFIG}\n[[outlets]]\nname = \"Tumen River Herald\"\naliases = [\"TRH\"]\n\n[[outlets]]\nname = \"R&D <Wire>\"\naliases = [\"RDW\"]\nwire = true\n"
    );
    let clipping = "Russia and North Korea open a new road bridge | Tumen River Herald\n\n\
Russia and North Korea open a new road bridge\n\n\
KHASAN, June 19 (RDW) — Russian and North Korean officials opened a road bridge across the Tumen River on Wednesday.\n\n\
The bridge is the first road link between the two countries, and Moscow said it would carry trade.\n";
    let a = Archive::new(&config);
    a.write("content/clippings/bridge.txt", clipping);
    a.build(&[]);
    let page = article_page(&a);
    assert!(page.contains("Tumen River Herald"), "{page}");
    assert!(page.contains("via R&amp;D &lt;Wire&gt;"), "{page}");
    assert!(!page.contains("<Wire>"));

    let out = a.run(&[
        "extract",
        "--json",
        &a.root().join("content/clippings/bridge.txt").to_string_lossy(),
    ]);
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json[0]["source"], "Tumen River Herald");
    assert_eq!(json[0]["credits"], serde_json::json!(["R&D <Wire>"]));
}
