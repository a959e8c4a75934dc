// `sqlx::migrate!` embeds the migrations at compile time; on stable Rust a new migration file
// does not by itself make cargo rebuild, so say so here.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
