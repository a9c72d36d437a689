//! Placeholders of the authorisation matrix rows in `docs/authorization-matrix/pacts.md` (issue 7).
//! Every `{pacts-fresh-…}` adds a new item to the citizen's pact for its row (in the state its
//! name says), so a row that moves one changes nothing another row relies on.

use super::{person_of_user, World};
use app::domain::appointment::Day;
use app::domain::pact::ItemKind;
use app::domain::policy::CpiCode;
use app::store::clock::Clock;
use app::store::pacts::{insert_item, open_or_create, NewItem};

/// A new item of `kind` on the citizen's pact, moved to `state`; returns (item, pact).
async fn fresh(world: &World, kind: ItemKind, state: &str) -> (i64, i64) {
    let person = person_of_user(&world.db, world.users["citizen"]).await;
    let now = world.clock.now();
    let mut tx = world.db.begin_write().await.expect("begin");
    let pact = open_or_create(&mut tx, now, person, &CpiCode("PG".into()))
        .await
        .expect("pact");
    let item = insert_item(
        &mut tx,
        now,
        &NewItem {
            pact_id: pact.id,
            kind,
            text: "Partecipare a un laboratorio di ricerca attiva",
            deadline: Day(Day::of(now).0 + 60),
            actor_user_id: world.users["operator-pg"],
        },
    )
    .await
    .expect("item");
    sqlx::query("UPDATE pact_item SET state = $1 WHERE id = $2")
        .bind(state)
        .bind(item)
        .execute(&mut *tx)
        .await
        .expect("state");
    sqlx::query("UPDATE pact SET state = 'proposed' WHERE id = $1")
        .bind(pact.id)
        .execute(&mut *tx)
        .await
        .expect("pact state");
    tx.commit().await.expect("commit");
    (item, pact.id)
}

/// The value of placeholder `{name}`, or `None` when it is not one of this feature's.
pub(super) async fn arg(world: &World, name: &str) -> Option<String> {
    let name = name.strip_prefix("pacts-")?;
    let value = match name {
        "person" => person_of_user(&world.db, world.users["citizen"]).await.0,
        "other-person" => {
            person_of_user(&world.db, world.users["other-citizen"])
                .await
                .0
        }
        "fresh-item" => fresh(world, ItemKind::Goal, "proposed").await.0,
        "fresh-agreed" => fresh(world, ItemKind::Goal, "agreed").await.0,
        "fresh-agreed-action" => fresh(world, ItemKind::Action, "agreed").await.0,
        "fresh-disputed" => fresh(world, ItemKind::Action, "disputed").await.0,
        // The citizen's pact with a new proposed item: not signable.
        "unsignable" => fresh(world, ItemKind::Goal, "proposed").await.1,
        // The citizen's pact with every item agreed or done: signable.
        "signable" => {
            let (item, pact) = fresh(world, ItemKind::Goal, "agreed").await;
            sqlx::query(
                "UPDATE pact_item SET state = 'agreed' WHERE pact_id = $1 AND state <> 'done' \
                 AND id <> $2",
            )
            .bind(pact)
            .bind(item)
            .execute(world.db.pool())
            .await
            .expect("agree all");
            pact
        }
        _ => return None,
    };
    Some(value.to_string())
}
