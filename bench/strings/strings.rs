// String building: same algorithm and output as strings.clef.
fn piece(r: i32, i: i32) -> String {
    format!("{}:{}", i, if i % 2 == 0 { "even" } else { "odd" }) + "/" + &r.to_string()
}

fn round(r: i32) -> (usize, i32) {
    let parts: Vec<String> = (0..1000).map(|i| piece(r, i)).collect();
    let s = parts.join(", ");
    (s.len(), s.as_bytes()[s.len() / 2] as i32)
}

fn main() {
    let rounds: i32 = std::env::args().nth(1).map_or(200, |s| s.parse().unwrap());
    let (mut total, mut chars) = (0i64, 0);
    for r in 1..=rounds {
        let (len, c) = round(r);
        total += len as i64;
        chars = (chars + c) % 1000003;
    }
    println!("{} rounds, total length {}, checksum {}", rounds, total, chars);
}
