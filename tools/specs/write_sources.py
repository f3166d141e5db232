#!/usr/bin/env python3
"""Writes specs/SOURCES.md (or <DIR>/SOURCES.md for a directory given as the first argument) from notes.json
(written by build.py) and the judgement calls below."""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import paths  # noqa: E402
import tables as T  # noqa: E402
import build  # noqa: E402
import post_edits  # noqa: E402

NOTES = json.load(open(paths.NOTES_JSON))

# Per-operation judgement calls (Python name -> text).
JUDGEMENT = {
    "analyze": "The export documents the old body (`video_id` and `prompt` required, optional `stream`); the body follows the SDK (`model_name`, `video` = VideoContext, `image`, `prompt`/`prompt_v2`, `temperature`, `response_format`, `max_tokens`, `start_time`, `end_time`) and declares `stream` as required `const: false`. The export's 200 response is `oneOf [StreamAnalyzeResponse, NonStreamAnalyzeResponse]`; here it is `NonStreamAnalyzeResponse` only (the stream has its own file). `temperature` has no description in either source.",
    "analyze_stream": "Same endpoint as `analyze`, separate file (operationId `analyze_stream`, `stream: const: true`). Response media type `application/x-ndjson` (the SDK reads one JSON object per line; StreamAnalyzeResponse's docs say NDJSON) with the event union StreamAnalyzeResponse (discriminator `event_type`). Summary and `info.version` (`endpoint_.analyzeStream`) are mine: the docs site has one page for both.",
    "analyze_async.batches.results": "Response media type `application/jsonl` (the SDK's docstring: \"a JSON Lines (`application/jsonl`) stream\"; the SDK parses it line by line like NDJSON); the schema is one line (BatchResultItem).",
    "analyze_async.batches.create": "Body as the component `CreateAnalyzeBatchRequest` (the SDK's enum names `CreateAnalyzeBatchRequest*` show a named request schema).",
    "analyze_async.tasks.create": "Body as the component `CreateAsyncAnalyzeRequest` (named as the SDK's `CreateAsyncAnalyzeRequest*` types). `max_tokens` is `oneOf [integer, enum unlimited]`.",
    "assets.create": "Added the `file` part (`format: binary`; the export omits it). `method` required (SDK). `user_metadata` is a JSON-encoded string part, as the SDK sends it. Kept the export's (older) operation description.",
    "assets.delete": "204 without a body (the export declares an empty JSON object; the SDK ignores the body).",
    "assets.list": "Items are `AssetDetail` (SDK) rather than the export's `Asset`.",
    "assets.retrieve": "Response is `AssetDetail` (SDK: Asset + hls, thumbnail, technical_metadata, size, duration, error).",
    "assets.replace_user_metadata": "Body is `{user_metadata: UserMetadata}` (required).",
    "assets.update_user_metadata": "Body is `{user_metadata: UserMetadata}` (required); a null value deletes a key.",
    "data_connectors.authorize_connection": "Body as component `AuthorizeConnectionRequest`; `AuthorizeConnectionResponse` as a component (names not derived from the operation, so named by the API).",
    "data_connectors.list_connections": "`ListConnectionsResponse` as a component (see above). Page-numbered list.",
    "data_connectors.list_redirect_uris": "`ListRedirectUrisResponse` as a component.",
    "data_connectors.create_connection_picker_token": "`CreateConnectionPickerTokenResponse` as a component.",
    "embed.v_2.create": "Body stays the export's component `CreateEmbeddingsRequest`, extended from the SDK.",
    "embed.v_2.tasks.create": "Body stays the export's component `CreateAsyncEmbeddingRequest`; the SDK changed `audio`/`video` to the Async*InputRequest types whose `segmentation` is a union (the export's object shapes are dropped).",
    "embed.v_2.tasks.list": "The SDK renamed the export's `audio_embedding_options`/`audio_embedding_scopes` to `audio_embedding_option`/`audio_embedding_scope`; the SDK's names are used.",
    "embed.v_2.tasks.retrieve": "`data` is required (and nullable) in the export, optional and nullable here (SDK). `metadata` is the EmbeddingTaskMediaMetadata union with a discriminator on `input_type`.",
    "entity_collections.entities.create": "Metadata as the `EntityMetadata` component (the export's and the current specs' name; the SDK types it `Dict[str, Any]` and documents string, integer, float or boolean values).",
    "entity_collections.entities.update": "Metadata as `EntityMetadata` (see create).",
    "entity_collections.entities.create_bulk": "Metadata of each item as `EntityMetadata`.",
    "entity_collections.entities.list_by_asset": "Lives under `entities` as in the Python client (`client.entity_collections.entities.list_by_asset`), although the path is under `/assets`.",
    "indexes.indexed_assets.list": "Range filters `duration`, `fps`, `width`, `height`, `size` are objects `{gte, lte}` with `style: deepObject, explode: true` (`duration[gte]=10`); `user_metadata` is a deepObject map (`user_metadata[category]=news`, as the SDK sends it and the seed README says). Descriptions of `status` and of the range filters are the SDK's (the export's describe the old plain numbers and miss `validating`).",
    "indexes.indexed_assets.list_by_asset": "Lives under `indexes.indexed_assets` as in the Python client, although the path is under `/assets`.",
    "indexes.indexed_assets.update": "204 without a body. `user_metadata` values may be null (deletes the key).",
    "indexes.videos.list": "Typed from the Fern-generated `indexes/videos/client.py` (the hand-written wrapper overrides it). `user_metadata` uses `style: form, explode: true` because the wrapper flattens it to root keys (`?category=news`), as the export documents; range filters are deepObject objects (the wrapper also accepts a bare number, sent as `fps=30`, which cannot be expressed beside the object form).",
    "indexes.videos.update": "204 without a body.",
    "indexes.update": "204 without a body.",
    "knowledge_stores.search": "Body as component `SearchKnowledgeStoreRequest`. Token pagination: the response's `next_page_token` goes back in the body's `page_token` (not expressible in OpenAPI; see codegen.yaml).",
    "imports.import_files": "Body as component `ImportFilesRequest`; 202 (\"accepted\").",
    "knowledge_store_items.create": "202 (\"accepted and is processing\", as indexed-asset creation).",
    "multipart_upload.get_status": "Paged with `page`/`page_limit`, but the items are in `uploaded_chunks` (not `data`), so the generator's default pagination does not apply.",
    "multipart_upload.get_additional_presigned_urls": "Body component named `RequestAdditionalPresignedUrLsRequest` after the SDK's `RequestAdditionalPresignedUrLsResponse` (the export spells both `...URLs...`).",
    "responses.create": "Separate file from `create_stream`; `stream` declared as required `const: false`.",
    "responses.create_stream": "Same endpoint as `responses.create`; `stream: const: true`; response `text/event-stream` whose schema is the event union ResponseStreamEvent (discriminator `type`; ResponseStreamResponseEvent carries four `type` values). The `data: [DONE]` terminator is described in the response description (it is not JSON).",
    "search.create": "Dropped the export's `threshold`, `adjust_confidence_level`, `sort_option` (the SDK no longer sends them) and `score`/`confidence` in results (the SDK's models have `rank` only); added the `query_media_file` part. `query_media_url`/`query_media_file` stay single values as the SDK types them, although the docs allow repeating them for up to 10 images (the hand-written `search.query` does). Next pages: `page_info.next_page_token` -> `GET /search/{page-token}` (search-retrieve.yaml); no OpenAPI construct links them (see codegen.yaml).",
    "search.retrieve": "Response is the SDK's inline SearchRetrieveResponse (has `prev_page_token`); same score/confidence drop as search.create.",
    "tasks.retrieve": "`status` is a plain string in both sources (no enum).",
    "tasks.create": "Multipart; `video_file` part added with a description of mine (the SDK only says \"See core.File\").",
    "embed.create": "Multipart with `image_file`/`audio_file` parts (descriptions mine, see tasks.create).",
    "embed.tasks.create": "Multipart with a `video_file` part (description mine).",
}


def fmt_entries(entries):
    added = [f"{p}" + (f" ({w})" if w and w not in ("field",) else "") for s, p, w in entries if s == "+"]
    return "; ".join(added) if added else "nothing"


def main():
    rows = []
    for fname, n in sorted(NOTES.items()):
        py = n["py"]
        exp = n["export"]
        if exp:
            src = build.EXPORT_SOURCES[exp]
            source = f"`exports/{exp}.md` ({src['repo']} `{src['path']}` @ `{src['commit'][:12]}`)"
            added = fmt_entries(n["additions"])
            dropped = [f"{p}" for s, p, w in n["additions"] if s == "-"]
            changed = [f"{p}: {w}" for s, p, w in n["additions"] if s == "~"]
            extra = []
            if dropped:
                extra.append("dropped (export-only): " + "; ".join(dropped))
            if changed:
                extra.append("changed: " + "; ".join(changed))
        else:
            source = "none"
            added = "everything (operation, parameters, body, responses, components; descriptions from the SDK's docstrings; summary written here)"
            extra = []
        judge = JUDGEMENT.get(py, "")
        if not exp:
            st = T.STATUS.get(py)
            if st:
                judge = (judge + " " if judge else "") + f"Success status {st} inferred."
        cell = "; ".join([added] + extra).replace("|", "\\|")
        judge = judge.replace("|", "\\|")
        rows.append(f"| `{fname}` | `{py}` | `{n['method']} {n['path']}` | {source} | {cell} | {judge} |")
    n_exp = sum(1 for n in NOTES.values() if n["export"])
    text = f"""# Sources of the specs in this folder

{len(NOTES)} OpenAPI 3.1.1 documents, one per operation of the TwelveLabs API v1.3 as the official Python SDK
`twelvelabs==1.3.6` exposes it (99 HTTP operations; `analyze`/`analyze_stream` and `responses.create`/`create_stream`
share an endpoint and have a file each). {n_exp} files start from a docs-site export (`../tools/specs/exports/`,
all from Synthenova/conthunt), {len(NOTES) - n_exp} have no export and are written from the SDK alone. `codegen.yaml` is
written by hand.

Generated by the scripts in `../tools/specs/` (see its README.md) from one canonical component table, so a component
shared by several files is identical in each. Regenerate with `tools/specs/regenerate.sh` from the repository root.
Do not edit the files by hand: edit `tables.py` (decisions), `build.py` (rules) or `post_edits.py` and regenerate.

## How each file was made

1. **Operation text** (summary, description, parameter descriptions, request-body description, response descriptions):
   the export's where it has one (its descriptions are kept even where the SDK's docstring is newer), else the SDK's
   docstrings. Export descriptions of parameters whose type or values changed (indexed-assets/videos list range
   filters, indexed-assets `status`) are replaced by the SDK's. Body-field and component-field descriptions come from
   the SDK: the exporter strips them from request bodies and components.
2. **Wire shape** (parameters, body fields, response fields, enum values, required, types): the SDK 1.3.6 source (the
   wire truth): everything it has that the export lacks is added; what only the export has is dropped and listed.
   Required = the SDK's required (a field the export requires but the SDK decodes as optional is optional here, listed
   as "changed"). Nullable (`type: [T, 'null']`, `oneOf [.., {{type: 'null'}}]`) where the export says so or the SDK's
   docstring says the API sends `null`; `UserMetadata` values are nullable (a null deletes a key).
3. **Formats**: every Python `float` is `number` + `format: double` (all 76 numbers in the exports are); `int` is
   `integer` (+ `int64` where the export says so); `datetime` is `date-time`; `format: uri` where the export says so.
   `default`, `minimum`, `maximum` are read from the `**Default**: `x``, `**Min**`, `**Max**` lines of the descriptions.
4. **Components**: every type of the SDK's root `types/` package is a component under its SDK name (`Asset`,
   `AssetDetail`, `EntityCollection`, `IndexedAssetDetailed`, `PageInfo`, ...), except primitive aliases (`Page`,
   `CreatedAt`, ... are inlined), the list range filters (`IndexedAssetsListRequestDuration`, ...: request parameters),
   and `One`/`Two`/`Url` (the payloads of VideoContext's variants, inlined into VideoContext). Resource-level SDK types
   (`AssetsCreateRequestMethod`, `EntitiesCreateBulkRequestEntitiesItem`, `IndexedAssetsListResponse`, ...) stay inline,
   because the SDK names them after the operation, as the generator does. Exceptions, named by the API itself: the
   request bodies the exports reference as components (CreateEmbeddingsRequest, CreateAsyncEmbeddingRequest,
   CreateAssetUploadRequest, RequestAdditionalPresignedURLsRequest (spelled `RequestAdditionalPresignedUrLsRequest` like
   the SDK's response), ReportChunkBatchRequest), the bodies whose SDK type names show a named request schema
   (CreateAsyncAnalyzeRequest, CreateAnalyzeBatchRequest, AuthorizeConnectionRequest, ImportFilesRequest,
   SearchKnowledgeStoreRequest), the data-connector/import responses with API names (ListConnectionsResponse,
   ListRedirectUrisResponse, AuthorizeConnectionResponse, CreateConnectionPickerTokenResponse, ListImportsResponse), and
   `EntityMetadata` (the exports' name for an entity's metadata map). Inheritance (`AssetDetail(Asset)`,
   `IndexedAssetDetailed(IndexedAsset)`, ...) is flattened, as the exports do.
5. **Unions**: the SDK's discriminated unions are `oneOf` + `discriminator` (`propertyName` + `mapping`) over their
   variant components, and each variant component declares the discriminator property (a one-value enum, required),
   as the exports show for StreamStartResponse and the Embedding*Metadata types. VideoContext's variants are inline
   objects (`type` + one source field). Plain unions are `oneOf`.
6. **Exporter quirks** reproduced: `info.title` = summary, `info.version: endpoint_<camelResource>.<method>`
   (the export's where there is one; camelCase of the Python name otherwise), tags as a list of lists
   (`- - subpackage_a` / `  - subpackage_a/b`, `- []` for the root-level `analyze`), the `x-api-key` header parameter
   with "Header authentication of the form `undefined <token>`", enum items as `- value: x`, error responses with
   `content: {{}}` or, where the SDK decodes a typed error body (ErrorResponse, FlatErrorResponse, GoneErrorBody,
   UnprocessableEntityErrorBody), that schema. `operationId` is the Python method name.
7. **Responses without a body**: deletes and the other operations the SDK declares as returning nothing are 204 with
   no `content` (the exports declare 204 with an empty JSON object; the SDK ignores the body, and the seed README says
   the body is empty). Success statuses of operations without an export are inferred from the SDK's return
   descriptions: "created" 201, "accepted" 202, no body 204, else 200 (the SDK accepts any 2xx).
8. **Error responses**: the union of the export's and the SDK's (raw_client) status codes; descriptions from the
   export, else generic ones written here.

## Judgement calls that apply to many files

- Summaries of the {len(NOTES) - n_exp} operations without an export are mine, in the docs' style, using the link texts the
  SDK's docstrings use for those pages where they exist ("Authorize a connection", "Import files", "Retrieve an
  import", "Register a redirect URI", "Retrieve the status of a video embedding task", "List async analysis tasks").
- Fields typed with the SDK's primitive aliases have no description in either source (the SDK generator drops an
  alias's docs): `page_info` fields, `next_page_token`/`prev_page_token`, search `start`/`end`/`thumbnail_url` get short
  descriptions written here (`tables.ALIAS_DESCRIPTIONS`); others (`rank`, `total_inner_matches`, analyze
  `temperature`) stay undocumented rather than guessed.
- Descriptions for the multipart file parts (`file`, `video_file`, `image_file`, `audio_file`, `query_media_file`) are
  written here: the SDK only says "See core.File for more documentation". The `stream` property's description is
  written here too.
- `info.version` of operations without an export: `endpoint_<tag path>.<camelCase method>`.
- `Entity.metadata` and entity request metadata: the component `EntityMetadata`, an object whose values are
  `string | integer | number | boolean` (SDK docs), not `Dict[str, Any]`.
- `UserMetadata` = object of nullable `UserMetadataValue` (`string | integer | number | boolean | string[]`), as the SDK.
- No `links` for the search and knowledge-store page tokens: each file holds one operation, and an `operationId`
  such as `retrieve` is not unique across files; codegen.yaml notes them as not covered by its pagination.
- The SDK's hand-written helpers (`tasks.create_bulk`, `tasks.wait_for_done`, `embed.tasks.create_bulk`,
  `embed.tasks.wait_for_done`, `multipart_upload.upload_file`, `multipart_upload.wait_for_upload_completion`,
  `search.query`) are not operations; the waiters are in codegen.yaml.

## Files

| file | operation (Python) | method + path | source export | added from the SDK (and dropped/changed vs the export) | judgement calls |
| --- | --- | --- | --- | --- | --- |
""" + "\n".join(rows) + "\n" + post_edits.EDITS_TEXT
    open(os.path.join(paths.out_dir(), "SOURCES.md"), "w").write(text)
    print("SOURCES.md:", len(rows), "rows")


if __name__ == "__main__":
    main()
