"""Hand-made decisions for build.py. Every entry says why it exists."""
import json
import re

import paths

INV = json.load(open(paths.INVENTORY))

# --------------------------------------------------------------------------------------------------------------------
# Operations: Python name -> export file (exports/<name>.md), or None
# --------------------------------------------------------------------------------------------------------------------

EXPORTS = {
    "analyze": "analyze",
    "analyze_stream": "analyze",
    "assets.create": "assets-create",
    "assets.delete": "assets-delete",
    "assets.list": "assets-list",
    "assets.retrieve": "assets-retrieve",
    "embed.v_2.create": "embed-v2-create",
    "embed.v_2.tasks.create": "embed-v2-tasks-create",
    "embed.v_2.tasks.list": "embed-v2-tasks-list",
    "embed.v_2.tasks.retrieve": "embed-v2-tasks-retrieve",
    "entity_collections.entities.create_assets": "entities-create-assets",
    "entity_collections.entities.create_bulk": "entities-create-bulk",
    "entity_collections.entities.create": "entities-create",
    "entity_collections.entities.delete_assets": "entities-delete-assets",
    "entity_collections.entities.delete": "entities-delete",
    "entity_collections.entities.list": "entities-list",
    "entity_collections.entities.retrieve": "entities-retrieve",
    "entity_collections.entities.update": "entities-update",
    "entity_collections.create": "entity-collections-create",
    "entity_collections.delete": "entity-collections-delete",
    "entity_collections.list": "entity-collections-list",
    "entity_collections.retrieve": "entity-collections-retrieve",
    "entity_collections.update": "entity-collections-update",
    "indexes.indexed_assets.create": "indexed-assets-create",
    "indexes.indexed_assets.delete": "indexed-assets-delete",
    "indexes.indexed_assets.list": "indexed-assets-list",
    "indexes.indexed_assets.retrieve": "indexed-assets-retrieve",
    "indexes.indexed_assets.update": "indexed-assets-update",
    "indexes.create": "indexes-create",
    "indexes.delete": "indexes-delete",
    "indexes.list": "indexes-list",
    "indexes.retrieve": "indexes-retrieve",
    "indexes.update": "indexes-update",
    "multipart_upload.create": "multipart-create",
    "multipart_upload.get_status": "multipart-get-status",
    "multipart_upload.list_incomplete_uploads": "multipart-list-incomplete",
    "multipart_upload.get_additional_presigned_urls": "multipart-presigned-urls",
    "multipart_upload.report_chunk_batch": "multipart-report-chunk-batch",
    "search.create": "search-create",
    "search.retrieve": "search-retrieve",
    "tasks.delete": "tasks-delete",
    "tasks.list": "tasks-list",
    "tasks.retrieve": "tasks-retrieve",
    "indexes.videos.delete": "videos-delete",
    "indexes.videos.list": "videos-list",
    "indexes.videos.retrieve": "videos-retrieve",
    "indexes.videos.update": "videos-update",
}

# info.version of the streaming variants (the export has one page for both)
VERSIONS = {
    "analyze_stream": "endpoint_.analyzeStream",
    "responses.create_stream": "endpoint_responses.createStream",
}

# Resource segments as the docs exporter spells them in tags (`subpackage_<camelCase>`); `v_2` is `v2`.
TAG_SEGMENT = {"v_2": "v2"}


def tag_segment(seg):
    if seg in TAG_SEGMENT:
        return TAG_SEGMENT[seg]
    parts = seg.split("_")
    return parts[0] + "".join(p[:1].upper() + p[1:] for p in parts[1:])


def ops():
    import yaml
    out = []
    for m in INV["methods"]:
        if m["hand_written"] and m["name"] != "indexes.videos.list":
            continue
        py = m["name"]
        parts = py.split(".")
        resource, method = parts[:-1], parts[-1]
        segs = [tag_segment(s) for s in resource]
        tags = [["subpackage_" + "/".join(segs[: i + 1]) for i in range(len(segs))]]
        export = EXPORTS.get(py)
        if export:
            d = yaml.safe_load(paths.export_yaml(export))
            version = d["info"]["version"]
            etags = list(d["paths"].values())[0]
            etags = list(etags.values())[0]["tags"]
            assert etags == tags or (etags == [[]] and tags == [[]]), (py, etags, tags)
        else:
            version = "endpoint_" + "/".join(segs) + "." + tag_segment(method)
        version = VERSIONS.get(py, version)
        fname = re.sub(r"[._]", "-", py.replace("v_2", "v2")) + ".yaml"
        out.append({"py": py, "name": method, "file": fname, "export": export, "tags": tags, "version": version})
    return out


# --------------------------------------------------------------------------------------------------------------------
# Components
# --------------------------------------------------------------------------------------------------------------------

# Resource-level SDK types the API names itself (their names do not follow the `<Group><Method>Response` pattern the
# SDK generator gives inline schemas), so they are components: qualified key in sdk.json.
EXTRA_COMPONENTS = {
    "AuthorizeConnectionResponse": "data_connectors:AuthorizeConnectionResponse",
    "CreateConnectionPickerTokenResponse": "data_connectors:CreateConnectionPickerTokenResponse",
    "ListConnectionsResponse": "data_connectors:ListConnectionsResponse",
    "ListRedirectUrisResponse": "data_connectors:ListRedirectUrisResponse",
    "ListImportsResponse": "imports:ListImportsResponse",
}

# Request bodies the API defines as named schemas: the exports reference them as components (CreateEmbeddingsRequest,
# CreateAsyncEmbeddingRequest, CreateAssetUploadRequest, RequestAdditionalPresignedURLsRequest, ReportChunkBatchRequest),
# and the SDK's names for their inline enums (`CreateAsyncAnalyzeRequestModelName`, `SearchKnowledgeStoreRequestGroupBy`,
# ...) show the same for the operations without an export. Built from the method's parameters.
BODY_COMPONENTS = {
    "embed.v_2.create": "CreateEmbeddingsRequest",
    "embed.v_2.tasks.create": "CreateAsyncEmbeddingRequest",
    "multipart_upload.create": "CreateAssetUploadRequest",
    "multipart_upload.get_additional_presigned_urls": "RequestAdditionalPresignedUrLsRequest",
    "multipart_upload.report_chunk_batch": "ReportChunkBatchRequest",
    "analyze_async.tasks.create": "CreateAsyncAnalyzeRequest",
    "analyze_async.batches.create": "CreateAnalyzeBatchRequest",
    "data_connectors.authorize_connection": "AuthorizeConnectionRequest",
    "imports.import_files": "ImportFilesRequest",
    "knowledge_stores.search": "SearchKnowledgeStoreRequest",
}
BODY_COMPONENTS_BY_NAME = {v: k for k, v in BODY_COMPONENTS.items()}
BODY_OWNER = {}

# Root types written inline: the range filters of the list endpoints are request parameters (named by the SDK after
# the operation, as it names inline schemas); One/Two/Url are the payloads of VideoContext's variants.
INLINE_ROOT_TYPES = {"One", "Two", "Url"}
INLINE_ROOT_RE = r"^(IndexedAssetsListRequest|VideosListRequest)(Duration|Fps|Width|Height|Size)$"

# VideoContext: `{"type": "url", "url": ...}` | `{"type": "asset_id", ...}` | `{"type": "base64_string", ...}`.
INLINE_VARIANT_UNIONS = {
    "VideoContext": ("type", {"url": "Url", "asset_id": "One", "base64_string": "Two"}),
}

# Discriminated unions: union -> (discriminator property, value -> variant component). The SDK's `Union_Variant`
# classes carry the variant component's fields plus the discriminator; the variant components get the discriminator
# property (the API sends it; the exports show it on StreamStartResponse, EmbeddingAudioMetadata, ...).
DISC_UNIONS = {
    "StreamAnalyzeResponse": ("event_type", {
        "stream_start": "StreamStartResponse",
        "text_generation": "StreamTextResponse",
        "stream_end": "StreamEndResponse",
    }),
    "EmbeddingMediaMetadata": ("input_type", {
        "image": "EmbeddingImageMetadata",
        "text_image": "EmbeddingTextImageMetadata",
        "audio": "EmbeddingAudioMetadata",
        "video": "EmbeddingVideoMetadata",
        "multi_input": "EmbeddingMultiInputMetadata",
    }),
    "EmbeddingTaskMediaMetadata": ("input_type", {
        "audio": "EmbeddingAudioMetadata",
        "video": "EmbeddingVideoMetadata",
        "document": "AsyncDocumentMetadata",
        "image": "AsyncImageMetadata",
    }),
    "EnrichmentConfig": ("type", {
        "json_schema": "EnrichmentConfigJsonSchema",
        "description": "EnrichmentConfigDescription",
    }),
    "KnowledgeStoreItemSystemMetadata": ("asset_type", {
        "video": "VideoMetadata",
        "image": "ImageMetadata",
    }),
    "SearchKnowledgeStoreHit": ("asset_type", {
        "video": "VideoSearchHit",
        "image": "ImageSearchHit",
    }),
    "TemporalSegmentation": ("strategy", {
        "dynamic": "TemporalSegmentationDynamic",
        "fixed": "TemporalSegmentationFixed",
    }),
    "VideoSegmentation": ("strategy", {
        "dynamic": "VideoSegmentationDynamic",
        "fixed": "VideoSegmentationFixed",
    }),
    "TextParamFormat": ("type", {
        "text": "TextResponseFormatText",
        "json_schema": "TextResponseFormatJsonSchema",
    }),
    "ResponseStreamEvent": ("type", {
        "response.created": "ResponseStreamResponseEvent",
        "response.in_progress": "ResponseStreamResponseEvent",
        "response.completed": "ResponseStreamResponseEvent",
        "response.failed": "ResponseStreamResponseEvent",
        "response.output_item.added": "ResponseStreamOutputItemAddedEvent",
        "response.content_part.added": "ResponseStreamContentPartAddedEvent",
        "response.output_text.delta": "ResponseStreamOutputTextDeltaEvent",
        "response.output_text.done": "ResponseStreamOutputTextDoneEvent",
        "response.content_part.done": "ResponseStreamContentPartDoneEvent",
        "response.output_item.done": "ResponseStreamOutputItemDoneEvent",
        "response.function_call_arguments.done": "ResponseStreamFuncCallArgsDoneEvent",
        "keepalive": "ResponseStreamKeepAliveEvent",
    }),
}
DISC_PROPS = {}
for _u, (_prop, _map) in DISC_UNIONS.items():
    for _v, _c in _map.items():
        vals = DISC_PROPS.setdefault(_c, {}).setdefault(_prop, [])
        if _v not in vals:
            vals.append(_v)

# Fields the API sends as null (exports: `type: [T, 'null']` / `oneOf [.., null]`; SDK docstrings: "`null` when ...").
# Key: (qualified model key or body owner, wire name).
NULLABLE = {
    ("EmbeddingData", "embedding_option"),
    ("EmbeddingData", "embedding_scope"),
    ("EmbeddingData", "start_sec"),
    ("EmbeddingData", "end_sec"),
    ("EmbeddingData", "start_page_number"),
    ("EmbeddingData", "end_page_number"),
    ("EmbeddingData", "quadrant"),
    ("EmbeddingData", "chunk_index"),
    ("EmbeddingTaskResponse", "data"),
    ("embed/v_2/tasks:TasksCreateResponse", "data"),
    ("AnalyzeTaskResponse", "custom_id"),
    ("AnalyzeTaskWebhookDataBase", "custom_id"),
    ("BatchResultItem", "custom_id"),
    ("CreatedBatchItem", "custom_id"),
    ("ChunkInfo", "uploaded_at"),
    ("ResponseAnnotation", "title"),
    ("ResponseAnnotation", "thumbnail_url"),
    ("ResponseAnnotation", "hls_url"),
    ("ResponseObject", "incomplete_details"),
}

FORCE_REQUIRED = set()
FIELD_OVERRIDES = {}
MODEL_DESCRIPTIONS = {}
MODEL_EXTRA = {}
ALIAS_OVERRIDES = {}

# --------------------------------------------------------------------------------------------------------------------
# Parameters and bodies
# --------------------------------------------------------------------------------------------------------------------

PARAM_OVERRIDES = {}
PARAM_STYLE = {}
PARAM_DESCRIPTIONS = {}
CONST_DESCRIPTIONS = {
    ("analyze", "stream"): "Set by this operation: `false` returns the whole response at once. Use `analyze_stream` for a streamed (NDJSON) response.",
    ("analyze_stream", "stream"): "Set by this operation: `true` streams the response as NDJSON events. Use `analyze` for a single JSON response.",
    ("responses.create", "stream"): "Set by this operation: `false` returns the whole response object at once. Use `create_stream` for Server-Sent Events.",
    ("responses.create_stream", "stream"): "Set by this operation: `true` streams the response as Server-Sent Events ending with `data: [DONE]`. Use `create` for a single JSON response.",
}
BODY_DESCRIPTIONS = {}
OP_DESCRIPTIONS = {}
RESPONSE_DESCRIPTIONS = {}

# --------------------------------------------------------------------------------------------------------------------
# Responses
# --------------------------------------------------------------------------------------------------------------------

STREAM_MEDIA = {
    "analyze_stream": "application/x-ndjson",
    "analyze_async.batches.results": "application/jsonl",
    "responses.create_stream": "text/event-stream",
}

# Success status of the operations without an export (the SDK accepts any 2xx): deletes and the other operations the
# SDK declares without a body answer 204; "created" 201, "accepted" 202 (the exports' pattern); others 200.
# Operations with an export keep its status, except that 204 is written without a body (the SDK ignores it).
STATUS = {}
for _m in INV["methods"]:
    if _m["hand_written"] and _m["name"] != "indexes.videos.list":
        continue
    if _m["name"] in EXPORTS:
        continue
    _rm = _m.get("response_model") or ""
    if _rm.startswith("None"):
        STATUS[_m["name"]] = "204"
STATUS.update({
    "analyze_async.batches.create": "201",
    "analyze_async.tasks.create": "201",
    "data_connectors.create_redirect_uri": "201",
    "embed.tasks.create": "201",
    "imports.import_files": "202",
    "knowledge_store_item_collections.create": "201",
    "knowledge_store_items.create": "202",
    "knowledge_stores.create": "201",
    "tasks.create": "201",
    "embed.create": "200",
})

DEFAULT_RESPONSE_DESCRIPTION = {
    "200": "The request has succeeded.",
    "201": "The resource has been successfully created.",
    "202": "The request has been accepted.",
    "204": "The request has succeeded. The response has no body.",
}

ERROR_DESCRIPTIONS = {
    400: "The request has failed.",
    401: "The API key is missing or invalid.",
    403: "The API key does not have access to this resource.",
    404: "The specified resource does not exist.",
    409: "The request conflicts with the current state of the resource.",
    410: "The resource is no longer available.",
    413: "The request is larger than the platform accepts.",
    422: "The request is well-formed but could not be processed.",
    429: "If the rate limit is reached, the platform returns an `HTTP 429 - Too many requests` error response.",
    500: "The platform could not process the request.",
    503: "The service is temporarily unavailable.",
    504: "The platform did not answer in time.",
}

ADDITIONS = {}

# --------------------------------------------------------------------------------------------------------------------
# Summaries of the operations without an export (docs-site style; link texts in the SDK's docstrings where they exist)
# --------------------------------------------------------------------------------------------------------------------

SUMMARIES = {
    "analyze_stream": "Open-ended analysis (streamed)",
    "analyze_async.batches.cancel": "Cancel a batch",
    "analyze_async.batches.create": "Create a batch",
    "analyze_async.batches.delete": "Delete a batch",
    "analyze_async.batches.list": "List batches",
    "analyze_async.batches.results": "Retrieve batch results",
    "analyze_async.batches.retrieve": "Retrieve a batch",
    "analyze_async.tasks.cancel": "Cancel an analysis task",
    "analyze_async.tasks.create": "Create an async analysis task",
    "analyze_async.tasks.delete": "Delete an analysis task",
    "analyze_async.tasks.list": "List async analysis tasks",
    "analyze_async.tasks.retrieve": "Retrieve analysis task status and results",
    "assets.delete_user_metadata": "Delete the user-defined metadata of an asset",
    "assets.replace_user_metadata": "Replace the user-defined metadata of an asset",
    "assets.retrieve_transcription": "Retrieve the transcription of an asset",
    "assets.update_user_metadata": "Update the user-defined metadata of an asset",
    "data_connectors.authorize_connection": "Authorize a connection",
    "data_connectors.create_connection_picker_token": "Create a picker token",
    "data_connectors.create_redirect_uri": "Register a redirect URI",
    "data_connectors.delete_connection": "Delete a connection",
    "data_connectors.delete_redirect_uri": "Delete a redirect URI",
    "data_connectors.list_connections": "List connections",
    "data_connectors.list_redirect_uris": "List redirect URIs",
    "data_connectors.retrieve_connection": "Retrieve a connection",
    "embed.create": "Create text, image, and audio embeddings",
    "embed.tasks.create": "Create a video embedding task",
    "embed.tasks.list": "List video embedding tasks",
    "embed.tasks.retrieve": "Retrieve video embeddings",
    "embed.tasks.status": "Retrieve the status of a video embedding task",
    "entity_collections.entities.list_by_asset": "List the entities of an asset",
    "imports.import_files": "Import files",
    "imports.list_imports": "List imports",
    "imports.retrieve_import": "Retrieve an import",
    "indexes.indexed_assets.list_by_asset": "List the indexed assets of an asset",
    "knowledge_store_item_collections.add_items": "Add items to an item collection",
    "knowledge_store_item_collections.create": "Create an item collection",
    "knowledge_store_item_collections.delete": "Delete an item collection",
    "knowledge_store_item_collections.list": "List item collections",
    "knowledge_store_item_collections.list_items": "List the items in an item collection",
    "knowledge_store_item_collections.remove_items": "Remove items from an item collection",
    "knowledge_store_item_collections.retrieve": "Retrieve an item collection",
    "knowledge_store_item_collections.update": "Update an item collection",
    "knowledge_store_items.create": "Create a knowledge store item",
    "knowledge_store_items.delete": "Delete a knowledge store item",
    "knowledge_store_items.list": "List knowledge store items",
    "knowledge_store_items.retrieve": "Retrieve a knowledge store item",
    "knowledge_stores.create": "Create a knowledge store",
    "knowledge_stores.delete": "Delete a knowledge store",
    "knowledge_stores.list": "List knowledge stores",
    "knowledge_stores.retrieve": "Retrieve a knowledge store",
    "knowledge_stores.search": "Search a knowledge store",
    "knowledge_stores.update": "Update a knowledge store",
    "responses.create": "Create a response",
    "responses.create_stream": "Create a response (streamed)",
    "tasks.create": "Create a video indexing task",
}
SUMMARY_OVERRIDE = {"analyze_stream"}

# --------------------------------------------------------------------------------------------------------------------
# Component-level overrides
# --------------------------------------------------------------------------------------------------------------------

_ENTITY_METADATA_REF = {"$ref": "#/components/schemas/EntityMetadata"}

# Components that are not SDK types. EntityMetadata: the exports (and the current specs) name the free-form metadata of
# an entity; the SDK types it `Dict[str, Any]` and its docs restrict the values to string, integer, float or boolean.
CUSTOM_COMPONENTS = {
    "EntityMetadata": {
        "type": "object",
        "description": "Custom key-value metadata of an entity. Keys are strings; values can be of type `string`, `integer`, `float`, or `boolean`. To store objects or arrays, convert them to strings.",
        "additionalProperties": {
            "oneOf": [
                {"type": "string"},
                {"type": "integer"},
                {"type": "number", "format": "double"},
                {"type": "boolean"},
            ]
        },
    },
}

FIELD_OVERRIDES.update({
    # formats the exports declare and the SDK's `str`/`int` cannot say
    ("MediaSource", "url"): {"set": {"format": "uri"}},
    ("PresignedUrlChunk", "url"): {"set": {"format": "uri"}},
    ("ReportChunkBatchResponse", "url"): {"set": {"format": "uri"}},
    ("IncompleteUploadSummary", "total_size"): {"set": {"format": "int64"}},
    ("IncompleteUploadSummary", "chunk_size"): {"set": {"format": "int64"}},
    # entity metadata (see CUSTOM_COMPONENTS)
    ("Entity", "metadata"): {"schema": _ENTITY_METADATA_REF},
    ("entity_collections/entities:EntitiesCreateBulkRequestEntitiesItem", "metadata"): {"schema": _ENTITY_METADATA_REF},
    ("entity_collections.entities.create", "metadata"): {"schema": _ENTITY_METADATA_REF},
    ("entity_collections.entities.update", "metadata"): {"schema": _ENTITY_METADATA_REF},
})

# UserMetadata values may be null in requests: "an explicit null is sent as null (that is how a metadata key is deleted
# in an update)"; the SDK types the values `Optional[UserMetadataValue]`.
ALIAS_OVERRIDES.update({
    "UserMetadata": {
        "type": "object",
        "additionalProperties": {"oneOf": [{"$ref": "#/components/schemas/UserMetadataValue"}, {"type": "null"}]},
    },
})
FILE_NOTES = {}

# The SDK documents file parameters only as "See core.File for more documentation".
PARAM_DESCRIPTIONS.update({
    ("assets.create", "file"): "The local file to upload. This parameter is required when `method` is set to `direct`.",
    ("search.create", "query_media_file"): "A local media file to use as a query. This parameter is required for media queries if `query_media_url` is not provided.",
    ("tasks.create", "video_file"): "Specify this parameter to upload a video from your local file system. Provide either `video_file` or `video_url`.",
    ("embed.create", "image_file"): "A local image file for which you wish to create an embedding. This parameter is required for image embeddings if `image_url` is not provided.",
    ("embed.create", "audio_file"): "A local audio file for which you wish to create an embedding. This parameter is required for audio embeddings if `audio_url` is not provided.",
    ("embed.tasks.create", "video_file"): "Specify this parameter to upload a video from your local file system. Provide either `video_file` or `video_url`.",
})

# Parameters whose export description no longer describes them (the SDK changed their type or added values): the
# SDK's docstring is used instead of the export's.
SDK_DESCRIPTION_PARAMS = {
    ("indexes.indexed_assets.list", "status"),
    ("indexes.indexed_assets.list", "duration"),
    ("indexes.indexed_assets.list", "fps"),
    ("indexes.indexed_assets.list", "width"),
    ("indexes.indexed_assets.list", "height"),
    ("indexes.indexed_assets.list", "size"),
    ("indexes.videos.list", "duration"),
    ("indexes.videos.list", "fps"),
    ("indexes.videos.list", "width"),
    ("indexes.videos.list", "height"),
    ("indexes.videos.list", "size"),
}

RESPONSE_DESCRIPTIONS.update({
    "analyze_stream": (
        "The analysis, streamed as newline-delimited JSON (NDJSON): one JSON object per line, each a "
        "`StreamAnalyzeResponse` event identified by its `event_type`: one `stream_start` event, `text_generation` "
        "events carrying successive fragments of the text, and a final `stream_end` event with the finish reason "
        "and token usage. Empty lines carry no event."
    ),
    "responses.create_stream": (
        "The response, streamed as Server-Sent Events. The `data` of each event is a JSON object, a "
        "`ResponseStreamEvent` identified by its `type` field (the SSE `event:` field repeats it). The stream ends "
        "with a `data: [DONE]` message, which is not JSON. Ignore events whose `type` is not listed, and the "
        "`keepalive` events sent about every 10 seconds while nothing else is emitted."
    ),
    "responses.create": "The response object, returned when the response is complete.",
})

# The SDK's hand-written `indexes.videos.list` flattens `user_metadata` into root query keys (`?category=news`), as the
# export's description shows; the indexed-assets list sends `user_metadata[category]=news` (deepObject, the default).
PARAM_STYLE.update({
    ("indexes.videos.list", "user_metadata"): ("form", True),
})

# Fields typed with the SDK's primitive aliases lose their descriptions (the SDK generator drops an alias's docs and the
# exporter drops component descriptions). Written here, used only where a field has no description of its own.
ALIAS_DESCRIPTIONS = {
    "Page": "The number of the current page.",
    "LimitPerPageSimple": "The maximum number of items on each page.",
    "TotalPage": "The total number of pages.",
    "TotalResults": "The total number of items across all pages.",
    "NextPageToken": "A token that identifies the next page of results. Absent on the last page.",
    "PrevPageToken": "A token that identifies the previous page of results. Absent on the first page.",
    "StartTime": "The start of the matching segment, in seconds.",
    "EndTime": "The end of the matching segment, in seconds.",
    "ThumbnailUrl": "A URL of a thumbnail image of the matching segment.",
}
