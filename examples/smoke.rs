use scrubline::engine::*;
fn main() {
    let s = Scrubber::new(&RulePack::embedded_default(), None).unwrap();
    let text = std::fs::read(std::env::args().nth(1).unwrap()).unwrap();
    let out = s.scrub(&text);
    print!("{}", String::from_utf8_lossy(&out.text));
}
