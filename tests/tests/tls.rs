//! The default `rustls` feature builds reqwest without a crypto provider of its own (no aws-lc-sys in the cold
//! build); the SDK installs `ring` when the program has none. This file is its own process, so nothing else has
//! installed one first.

#[test]
fn the_sdk_installs_a_tls_provider_when_the_program_has_none() {
    assert!(
        rustls::crypto::CryptoProvider::get_default().is_none(),
        "nothing in this process installs a provider before the SDK does"
    );
    // reqwest panics while building its client when rustls has no provider: building is the test.
    let client = twelvelabs::Client::builder()
        .api_key("tlk_test")
        .base_url("https://api.example.com/v1.3")
        .build()
        .expect("the client builds");
    assert!(rustls::crypto::CryptoProvider::get_default().is_some());
    // A reqwest client the caller builds with the SDK's redirect policy finds the provider too.
    let http = twelvelabs::reqwest::Client::builder()
        .redirect(twelvelabs::same_origin_redirects())
        .build()
        .expect("the caller's reqwest client builds");
    drop((client, http));
}
