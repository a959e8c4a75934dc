//! Every hot statement is answered through an index, on SQLite and PostgreSQL, so its cost does
//! not grow with a million users and sessions. The plans are read from the databases themselves
//! (`EXPLAIN QUERY PLAN`; PostgreSQL's generic plan with sequential scans priced out, since on a
//! near-empty table a scan is cheapest and the planner would rightly pick it).

use latch::store::Store;

use crate::support::{Db, TestApp};

db_tests!(every_hot_statement_is_answered_through_an_index);

/// How many `$n` parameters a statement takes.
fn parameters(sql: &str) -> usize {
    (1..=9)
        .take_while(|n| sql.contains(&format!("${n}")))
        .count()
}

async fn plan(store: &Store, sql: &str) -> Vec<String> {
    match store {
        Store::Sqlite(pool) => {
            let explain = format!("EXPLAIN QUERY PLAN {sql}");
            let mut query = sqlx::query_as::<_, (i64, i64, i64, String)>(&explain);
            for _ in 0..parameters(sql) {
                query = query.bind(None::<String>);
            }
            let rows = query.fetch_all(pool).await.unwrap();
            rows.into_iter().map(|(_, _, _, detail)| detail).collect()
        }
        Store::Postgres(pool) => {
            let mut conn = pool.acquire().await.unwrap();
            let nulls = vec!["NULL"; parameters(sql)].join(", ");
            let script = format!(
                "SET plan_cache_mode = force_generic_plan; SET enable_seqscan = off; \
                 PREPARE hot AS {sql};"
            );
            sqlx::raw_sql(&script).execute(&mut *conn).await.unwrap();
            let explain = if nulls.is_empty() {
                "EXPLAIN EXECUTE hot".to_owned()
            } else {
                format!("EXPLAIN EXECUTE hot({nulls})")
            };
            let rows: Vec<(String,)> = sqlx::query_as(&explain)
                .fetch_all(&mut *conn)
                .await
                .unwrap();
            sqlx::raw_sql("DEALLOCATE hot; RESET ALL")
                .execute(&mut *conn)
                .await
                .unwrap();
            rows.into_iter().map(|(line,)| line).collect()
        }
    }
}

/// A full pass over a table: SQLite's `SCAN t` (a `SCAN` of a subquery's result is fine),
/// PostgreSQL's `Seq Scan`.
fn scans_a_table(line: &str) -> bool {
    line.contains("Seq Scan")
        || (line.trim_start().starts_with("SCAN ")
            && !line.contains("USING")
            && !line.contains("SUBQUERY"))
}

async fn every_hot_statement_is_answered_through_an_index(db: Db) {
    let app = TestApp::spawn(&db).await;
    let statements = app.store.hot_statements();
    assert!(statements.len() >= 8);
    for (name, sql) in statements {
        let plan = plan(&app.store, sql).await;
        // SQLite shows no plan for an upsert's conflict check (it is the primary key);
        // every other statement must show the index it uses.
        if !sql.starts_with("INSERT") {
            assert!(
                plan.iter()
                    .any(|line| line.contains("SEARCH") || line.contains("Index")),
                "{name} uses no index:\n{}",
                plan.join("\n")
            );
        }
        assert!(
            !plan.iter().any(|line| scans_a_table(line)),
            "{name} scans a table:\n{}",
            plan.join("\n")
        );
    }
}
