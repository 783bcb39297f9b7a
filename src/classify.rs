//! Topic rules and the people gazetteer. (Interface fixed; the rules are being written.)

use serde::{Deserialize, Serialize};

/// Matching rules of one topic, from `[topics.rules]` in briefing.toml.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TopicRules {}

/// A person of the gazetteer, from `[[people]]` in briefing.toml.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PersonEntry {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// Why a topic was or was not given.
#[derive(Debug, Clone, Serialize)]
pub struct TopicExplanation {
    pub topic: String,
    pub score: f64,
    pub threshold: f64,
    pub assigned: bool,
    /// Each matched term with its count and weight contribution.
    pub matches: Vec<(String, usize, f64)>,
    /// Required groups that found nothing, if any.
    pub missing: Vec<String>,
}

/// Built once per configuration; cheap to share across threads.
#[derive(Debug, Clone)]
pub struct Classifier {}

impl Classifier {
    pub fn new(topics: &[(String, TopicRules)], people: &[PersonEntry]) -> Result<Self, String> {
        let _ = (topics, people);
        Ok(Classifier {})
    }
    /// Topic slugs that the text earns, in configuration order.
    pub fn topics(&self, title: &str, text: &str) -> Vec<String> {
        let _ = (title, text);
        Vec::new()
    }
    pub fn explain(&self, title: &str, text: &str) -> Vec<TopicExplanation> {
        let _ = (title, text);
        Vec::new()
    }
    /// Canonical names of the gazetteer's people mentioned in the text, in gazetteer order.
    pub fn people(&self, title: &str, text: &str) -> Vec<String> {
        let _ = (title, text);
        Vec::new()
    }
}
