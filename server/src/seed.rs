//! Demo content: the five CPI offices of the reference region (Umbria).
//!
//! Addresses are those of the region's CPI; phone numbers and e-mail addresses are placeholders for the
//! demo and must be replaced with the region's official contacts in a real deployment.

use app::domain::cpi::CpiOffice;
use app::store::{cpi::insert_cpi_if_absent, Db};

const DEMO_CPIS: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "PG",
        "Centro per l'impiego di Perugia",
        "Via Palermo 86/A",
        "Perugia",
        "075 000 0101",
        "cpi.perugia@demo.sportello.invalid",
    ),
    (
        "FO",
        "Centro per l'impiego di Foligno",
        "Via Oberdan 123",
        "Foligno",
        "0742 000 0102",
        "cpi.foligno@demo.sportello.invalid",
    ),
    (
        "CC",
        "Centro per l'impiego di Città di Castello",
        "Via Engels 10",
        "Città di Castello",
        "075 000 0103",
        "cpi.cittadicastello@demo.sportello.invalid",
    ),
    (
        "TR",
        "Centro per l'impiego di Terni",
        "Via Bramante 43",
        "Terni",
        "0744 000 0104",
        "cpi.terni@demo.sportello.invalid",
    ),
    (
        "OR",
        "Centro per l'impiego di Orvieto",
        "Via Angelo Costanzi 1",
        "Orvieto",
        "0763 000 0105",
        "cpi.orvieto@demo.sportello.invalid",
    ),
];

/// Loads the demo content in one transaction; returns how many rows were new. Safe to run again.
pub async fn demo(db: &Db) -> Result<u64, sqlx::Error> {
    let mut tx = db.pool().begin().await?;
    let mut inserted = 0;
    for (code, name, address, comune, phone, email) in DEMO_CPIS {
        let cpi = CpiOffice {
            code: (*code).into(),
            name: (*name).into(),
            address: (*address).into(),
            comune: (*comune).into(),
            phone: (*phone).into(),
            email: (*email).into(),
        };
        if insert_cpi_if_absent(&mut tx, &cpi).await? {
            inserted += 1;
        }
    }
    tx.commit().await?;
    Ok(inserted)
}
