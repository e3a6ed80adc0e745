//! Writing a run up for readers: the article (Markdown and HTML), its sections,
//! infoboxes and pictures.

pub mod aftermath;
pub mod article;
pub mod congress;
pub mod fighting;
pub mod html;
pub mod infobox;
pub mod pictures;
pub mod plan;
pub mod plots;
pub mod prose;
pub mod purges;
pub mod svg;
pub mod war;
