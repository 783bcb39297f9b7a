//! Which articles are published, and the addresses stage's fixes kept with their units.

use super::cache::Unit;
use crate::addresses;
use crate::error::Diagnostic;
use crate::load::{self, content_path};
use crate::model::Article;
use foldhash::{HashMap, HashMapExt};
use rayon::prelude::*;
use std::sync::Arc;

/// Each article whose slug an earlier one (in the given order) has, with the nearest such
/// earlier one, in order. Found by sorting hashes rather than with a map of slugs: ten
/// thousand slugs are hashed in parallel, and only equal hashes are compared as text.
pub(super) fn same_slugs(articles: &[Arc<Article>]) -> Vec<(usize, usize)> {
    use std::hash::BuildHasher;
    let state = foldhash::fast::FixedState::with_seed(0);
    let mut keyed: Vec<(u64, usize)> = articles
        .par_iter()
        .enumerate()
        .map(|(i, a)| (state.hash_one(a.slug.as_str()), i))
        .collect();
    keyed.par_sort_unstable();
    let mut same = Vec::new();
    for run in keyed.chunk_by(|x, y| x.0 == y.0).filter(|run| run.len() > 1) {
        for (n, &(_, i)) in run.iter().enumerate().skip(1) {
            // (Equal hashes, different slugs: rare, but possible.)
            if let Some(&(_, j)) = run[..n]
                .iter()
                .rev()
                .find(|(_, j)| articles[*j].slug == articles[i].slug)
            {
                same.push((i, j));
            }
        }
    }
    same.sort_unstable();
    same
}

/// Adds an error for each article whose slug an earlier one has (the two would overwrite
/// each other's page); returns their ids.
pub(super) fn same_address_errors(articles: &[Arc<Article>], errors: &mut Vec<Diagnostic>) -> Vec<String> {
    let mut ids = Vec::new();
    for (i, earlier) in same_slugs(articles) {
        let (a, first) = (&articles[i], &articles[earlier]);
        let message = format!(
            "article {:?} has the slug `{}`, as does {:?} in {}",
            a.title,
            a.slug,
            first.title,
            content_path(&first.file).display()
        );
        errors.push(Diagnostic::error(content_path(&a.file), message).with_help(
            "two pages cannot share an address: set a different `slug` in the front matter or sidecar of one of them",
        ));
        ids.push(a.id.clone());
    }
    ids
}

/// The articles of `sources` that are published: from sources without errors, and no drafts
/// unless asked for. In the sources' order.
pub(super) fn publishable(
    units: &HashMap<String, Box<Unit>>,
    sources: &[load::SourceFile],
    drafts: bool,
) -> Vec<Arc<Article>> {
    let units: Vec<&Unit> = sources
        .par_iter()
        .map(|src| &*units[src.rel.to_string_lossy().as_ref()])
        .collect();
    articles_of(&units, drafts)
}

/// The published articles of `units`, in their order.
pub(super) fn articles_of(units: &[&Unit], drafts: bool) -> Vec<Arc<Article>> {
    units
        .par_iter()
        .filter(|u| u.errors.is_empty())
        .flat_map_iter(|u| u.articles.iter().filter(|a| drafts || !a.draft).map(Arc::clone))
        .collect()
}

/// Applies the addresses stage's fixes to the articles and to their units, where the cache
/// keeps them for the next build (and its log, which then saves those units again).
pub(super) fn keep_assigned(
    units: &mut HashMap<String, Box<Unit>>,
    mut articles: Vec<Arc<Article>>,
    fixes: &[addresses::Fix],
    sources: &[load::SourceFile],
    drafts: bool,
) -> Vec<Arc<Article>> {
    if fixes.len() * 8 < articles.len() {
        // A few (an incremental build): each copied once and shared with its unit.
        for f in fixes {
            f.apply(Arc::make_mut(&mut articles[f.at]));
            let a = &articles[f.at];
            if let Some(slot) = unit_slot(units, &a.file.to_string_lossy(), a.index) {
                *slot = Arc::clone(a);
            }
        }
        return articles;
    }
    // Most (a first build): the list is dropped first, so that each article, held only by its
    // unit, is changed in place rather than copied (in parallel: each fix hashes its article
    // again); then the list is made again.
    let mut by_file: HashMap<String, Vec<(usize, &addresses::Fix)>> = HashMap::new();
    for f in fixes {
        let a = &articles[f.at];
        by_file
            .entry(a.file.to_string_lossy().into_owned())
            .or_default()
            .push((a.index, f));
    }
    drop(articles);
    units.par_iter_mut().for_each(|(file, u)| {
        for (index, fix) in by_file.get(file).into_iter().flatten() {
            if let Some(slot) = u.articles.iter_mut().find(|x| x.index == *index) {
                fix.apply(Arc::make_mut(slot));
                u.saved = None;
            }
        }
    });
    publishable(units, sources, drafts)
}

/// The unit's place for its `index`th article, the unit marked as to be saved again.
pub(super) fn unit_slot<'a>(
    units: &'a mut HashMap<String, Box<Unit>>,
    file: &str,
    index: usize,
) -> Option<&'a mut Arc<Article>> {
    let u = units.get_mut(file)?;
    u.saved = None;
    u.articles.iter_mut().find(|x| x.index == index)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::slug::Slug;

    #[test]
    fn each_repeated_slug_is_paired_with_the_nearest_earlier_one() {
        let article = |id: &str, slug: &str| {
            Arc::new(Article {
                slug: Slug::parse(slug).unwrap(),
                slug_explicit: true,
                ..Article::bare(id)
            })
        };
        let articles = [
            article("a", "same"),
            article("b", "other"),
            article("c", "same"),
            article("d", "third"),
            article("e", "same"),
            article("f", "other"),
        ];
        assert_eq!(same_slugs(&articles), [(2, 0), (4, 2), (5, 1)]);
        assert_eq!(same_slugs(&articles[..2]), []);
    }
}
