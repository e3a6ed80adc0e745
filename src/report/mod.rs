//! Writing a run up for readers: the article (Markdown and HTML).

pub mod article;
pub mod war;
