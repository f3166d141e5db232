//! The Rust response type of every operation of `canned-responses.json` whose success body is JSON, by the
//! operation's `spec` name, with a function that decodes a body into it for real and encodes it back.
//!
//! Shared by `python_decoded.rs` and `unknown_fields.rs`. `python_decoded.rs` checks each type name against the
//! generator's IR (the type the operation's `send()` decodes, or the page envelope of a paged operation), so a
//! wrong row fails there.

#![allow(
    dead_code,
    reason = "each test binary uses one of the two decoding functions"
)]

use serde_json::Value;
use twelvelabs::models;

/// Decodes JSON text into the response type and encodes the result back into compact JSON text.
pub type RoundTrip = fn(&str) -> Result<String, serde_json::Error>;

/// Decodes a JSON value into the response type and encodes it back into a value.
pub type Decode = fn(Value) -> Result<Value, serde_json::Error>;

/// One operation: its `spec` name, the Rust type's name, and the two ways to decode into it.
pub struct Decoder {
    pub spec: &'static str,
    pub type_name: &'static str,
    pub round_trip: RoundTrip,
    pub decode: Decode,
}

macro_rules! decoders {
    ($( $spec:literal => $ty:ident ),* $(,)?) => {
        /// Every operation with a JSON success body, in the order of `canned-responses.json`.
        pub const DECODERS: &[Decoder] = &[
            $( Decoder {
                spec: $spec,
                type_name: stringify!($ty),
                round_trip: |text| {
                    let decoded: models::$ty = serde_json::from_str(text)?;
                    serde_json::to_string(&decoded)
                },
                decode: |value| {
                    let decoded: models::$ty = serde_json::from_value(value)?;
                    serde_json::to_value(&decoded)
                },
            }, )*
        ];
    };
}

decoders! {
    "analyze-async-batches-cancel" => AnalyzeBatchStatusResponse,
    "analyze-async-batches-create" => CreateAnalyzeBatchResponse,
    "analyze-async-batches-list" => BatchesListResponse,
    "analyze-async-batches-retrieve" => AnalyzeBatchStatusResponse,
    "analyze-async-tasks-cancel" => CancelAnalyzeTaskResponse,
    "analyze-async-tasks-create" => CreateAnalyzeTaskResponse,
    "analyze-async-tasks-list" => AnalyzeAsyncTasksListResponse,
    "analyze-async-tasks-retrieve" => AnalyzeTaskResponse,
    "analyze" => NonStreamAnalyzeResponse,
    "assets-create" => Asset,
    "assets-list" => AssetsListResponse,
    "assets-retrieve-transcription" => AssetTranscriptionResponse,
    "assets-retrieve" => AssetDetail,
    "data-connectors-authorize-connection" => AuthorizeConnectionResponse,
    "data-connectors-create-connection-picker-token" => CreateConnectionPickerTokenResponse,
    "data-connectors-create-redirect-uri" => RedirectUri,
    "data-connectors-list-connections" => ListConnectionsResponse,
    "data-connectors-list-redirect-uris" => ListRedirectUrisResponse,
    "data-connectors-retrieve-connection" => Connection,
    "embed-create" => EmbeddingResponse,
    "embed-tasks-create" => EmbedTasksCreateResponse,
    "embed-tasks-list" => EmbedTasksListResponse,
    "embed-tasks-retrieve" => EmbedTasksRetrieveResponse,
    "embed-tasks-status" => TasksStatusResponse,
    "embed-v2-create" => EmbeddingSuccessResponse,
    "embed-v2-tasks-create" => EmbedV2TasksCreateResponse,
    "embed-v2-tasks-list" => EmbedV2TasksListResponse,
    "embed-v2-tasks-retrieve" => EmbeddingTaskResponse,
    "entity-collections-create" => EntityCollection,
    "entity-collections-entities-create-assets" => Entity,
    "entity-collections-entities-create-bulk" => BulkCreateEntityResponse,
    "entity-collections-entities-create" => Entity,
    "entity-collections-entities-delete-assets" => Entity,
    "entity-collections-entities-list-by-asset" => EntitiesListByAssetResponse,
    "entity-collections-entities-list" => EntitiesListResponse,
    "entity-collections-entities-retrieve" => Entity,
    "entity-collections-entities-update" => Entity,
    "entity-collections-list" => EntityCollectionsListResponse,
    "entity-collections-retrieve" => EntityCollection,
    "entity-collections-update" => EntityCollection,
    "imports-import-files" => ImportResult,
    "imports-list-imports" => ListImportsResponse,
    "imports-retrieve-import" => ImportDetail,
    "indexes-create" => IndexesCreateResponse,
    "indexes-indexed-assets-create" => IndexedAssetsCreateResponse,
    "indexes-indexed-assets-list-by-asset" => IndexedAssetsListByAssetResponse,
    "indexes-indexed-assets-list" => IndexedAssetsListResponse,
    "indexes-indexed-assets-retrieve" => IndexedAssetDetailed,
    "indexes-list" => IndexesListResponse,
    "indexes-retrieve" => IndexSchema,
    "indexes-videos-list" => VideosListResponse,
    "indexes-videos-retrieve" => VideosRetrieveResponse,
    "knowledge-store-item-collections-add-items" => KnowledgeStoreItemCollection,
    "knowledge-store-item-collections-create" => KnowledgeStoreItemCollection,
    "knowledge-store-item-collections-list-items" => KnowledgeStoreItemCollectionsListItemsResponse,
    "knowledge-store-item-collections-list" => KnowledgeStoreItemCollectionsListResponse,
    "knowledge-store-item-collections-retrieve" => KnowledgeStoreItemCollection,
    "knowledge-store-item-collections-update" => KnowledgeStoreItemCollection,
    "knowledge-store-items-create" => KnowledgeStoreItem,
    "knowledge-store-items-list" => KnowledgeStoreItemsListResponse,
    "knowledge-store-items-retrieve" => KnowledgeStoreItem,
    "knowledge-stores-create" => KnowledgeStore,
    "knowledge-stores-list" => KnowledgeStoresListResponse,
    "knowledge-stores-retrieve" => KnowledgeStore,
    "knowledge-stores-search" => SearchKnowledgeStoreResponse,
    "knowledge-stores-update" => KnowledgeStore,
    "multipart-upload-create" => CreateAssetUploadResponse,
    "multipart-upload-get-additional-presigned-urls" => RequestAdditionalPresignedUrLsResponse,
    "multipart-upload-get-status" => GetUploadStatusResponse,
    "multipart-upload-list-incomplete-uploads" => ListIncompleteUploadsResponse,
    "multipart-upload-report-chunk-batch" => ReportChunkBatchResponse,
    "responses-create" => ResponseObject,
    "search-create" => SearchResults,
    "search-retrieve" => SearchRetrieveResponse,
    "tasks-create" => TasksCreateResponse,
    "tasks-list" => TasksListResponse,
    "tasks-retrieve" => TasksRetrieveResponse,
}
