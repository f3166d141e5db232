//! Every result of a search, over its page tokens: the counterpart of the Python SDK's `search.query` pager.
//!
//! A search answers its first page to `POST /search` and each further page to `GET /search/{page_token}`, the
//! token coming from the page before. [`SearchCreateRequest::items`] follows the tokens as the caller reads,
//! one request at a time, and stops after the page without a token.

use std::collections::HashSet;

use futures::stream::{self, BoxStream, StreamExt};

use crate::models::SearchItem;
use crate::search::SearchCreateRequest;
use crate::{Client, Error, Result};

/// The operation named in the errors of a search's later pages.
const RETRIEVE: &str = "search.retrieve";

/// Where a search's result stream is.
enum State {
    /// The search itself is still to be sent.
    First(Box<SearchCreateRequest>),
    /// The page of this token is next; `seen` holds every token followed so far.
    Next {
        client: Client,
        token: String,
        seen: HashSet<String>,
    },
    /// The API's answers contradict each other: this error is next, then the end.
    Failed(Error),
    Done,
}

impl SearchCreateRequest {
    /// Every result of the search, page after page: the first page is this request's answer, and each next one
    /// is read with `client.search().retrieve(page_token)` when the caller reaches it. The stream ends after the
    /// page without a `next_page_token` or after an empty page, or with the first error (which it yields). A
    /// token the API already gave (a loop) ends it with [`Error::InvalidResponse`].
    ///
    /// ```no_run
    /// use futures::TryStreamExt;
    /// use twelvelabs::models::SearchCreateRequestSearchOptionsItem::Visual;
    ///
    /// # async fn run(client: twelvelabs::Client) -> twelvelabs::Result<()> {
    /// let clips: Vec<_> = client
    ///     .search()
    ///     .create("<INDEX_ID>", [Visual])
    ///     .query_text("a goal celebration")
    ///     .items()
    ///     .try_collect()
    ///     .await?;
    /// println!("{} clips", clips.len());
    /// # Ok(())
    /// # }
    /// ```
    pub fn items(self) -> BoxStream<'static, Result<SearchItem>> {
        stream::unfold(State::First(Box::new(self)), next_page)
            .flat_map(|page: Result<Vec<SearchItem>>| {
                let items: Vec<Result<SearchItem>> = match page {
                    Ok(items) => items.into_iter().map(Ok).collect(),
                    Err(error) => vec![Err(error)],
                };
                stream::iter(items)
            })
            .boxed()
    }
}

/// Reads the page `state` points at; the page's items (or the error) and where the stream goes next.
async fn next_page(state: State) -> Option<(Result<Vec<SearchItem>>, State)> {
    let (client, items, token, seen) = match state {
        State::Done => return None,
        State::Failed(error) => return Some((Err(error), State::Done)),
        State::First(request) => {
            let client = request.client.clone();
            match request.send().await {
                Ok(page) => {
                    let token = page.page_info.and_then(|info| info.next_page_token);
                    (client, page.data, token, HashSet::new())
                }
                Err(error) => return Some((Err(error), State::Done)),
            }
        }
        State::Next {
            client,
            token,
            mut seen,
        } => {
            seen.insert(token.clone());
            match client.search().retrieve(token).send().await {
                Ok(page) => {
                    let next = page.page_info.and_then(|info| info.next_page_token);
                    (client, page.data, next, seen)
                }
                Err(error) => return Some((Err(error), State::Done)),
            }
        }
    };
    let items = items.unwrap_or_default();
    let next = match token.filter(|t| !t.is_empty()) {
        // An empty page ends the results whatever token it carries, as it ends a numbered list: a server that
        // hands out new tokens for empty pages would otherwise be followed forever.
        _ if items.is_empty() => State::Done,
        None => State::Done,
        Some(token) if seen.contains(&token) => {
            let error = Error::InvalidResponse {
                operation: RETRIEVE,
                message: format!(
                    "the page token `{token}` came back after it was followed, so the results would repeat \
                     forever; the stream stops after {} pages",
                    seen.len() + 1
                ),
            };
            // This page's items, then the error.
            return Some((Ok(items), State::Failed(error)));
        }
        Some(token) => State::Next {
            client,
            token,
            seen,
        },
    };
    Some((Ok(items), next))
}
