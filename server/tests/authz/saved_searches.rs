//! Placeholders of the authorisation matrix rows in `docs/authorization-matrix/saved_searches.md` (issue 7).
//! Placeholders of this feature are named `{saved-searches-…}`.

use super::World;
use app::api::jobs::SearchParams;
use app::store::clock::Clock;

/// The value of placeholder `{name}`, or `None` when it is not one of this feature's.
pub(super) async fn arg(world: &World, name: &str) -> Option<String> {
    match name.strip_prefix("saved-searches-")? {
        // A new saved search of **citizen**, made for that row (so deleting it changes nothing else).
        "mine" => {
            let person = super::person_of_user(&world.db, world.users["citizen"]).await;
            let params = SearchParams {
                q: Some("cuoco".into()),
                ..SearchParams::default()
            };
            let mut tx = world.db.begin_write().await.expect("begin");
            let id = app::store::saved_searches::create(
                &mut tx,
                person.0,
                "Cuoco",
                &params,
                world.clock.now(),
            )
            .await
            .expect("saved search");
            tx.commit().await.expect("commit");
            Some(id.to_string())
        }
        _ => None,
    }
}
