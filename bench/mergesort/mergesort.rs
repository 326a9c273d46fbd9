// Merge sort on immutable singly linked lists of Box cells: same algorithm
// and output as mergesort.clef. Ownership moves the cells of a consumed list
// into the function that consumes it, which drops them.
struct Cell {
    head: i32,
    tail: List,
}
type List = Option<Box<Cell>>;

fn cons(head: i32, tail: List) -> List {
    Some(Box::new(Cell { head, tail }))
}

fn random_list(n: i32, mut seed: i64) -> List {
    let mut acc = None;
    for _ in 0..n {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        acc = cons((seed % 1000000) as i32, acc);
    }
    acc
}

// acc reversed onto tail; consumes acc.
fn rev_append(mut acc: List, mut tail: List) -> List {
    while let Some(c) = acc {
        let Cell { head, tail: next } = *c;
        tail = cons(head, tail);
        acc = next;
    }
    tail
}

fn split(mut xs: List) -> (List, List) {
    let (mut l, mut r) = (None, None);
    while let Some(c) = xs {
        let Cell { head, tail: next } = *c;
        let t = cons(head, l);
        l = r;
        r = t;
        xs = next;
    }
    (l, r)
}

fn merge(mut a: List, mut b: List) -> List {
    let mut acc = None;
    loop {
        match (a, b) {
            (None, rest) | (rest, None) => return rev_append(acc, rest),
            (Some(x), Some(y)) => {
                if x.head <= y.head {
                    let Cell { head, tail } = *x;
                    acc = cons(head, acc);
                    a = tail;
                    b = Some(y);
                } else {
                    let Cell { head, tail } = *y;
                    acc = cons(head, acc);
                    a = Some(x);
                    b = tail;
                }
            }
        }
    }
}

fn msort(xs: List) -> List {
    match &xs {
        None => return xs,
        Some(c) if c.tail.is_none() => return xs,
        _ => {}
    }
    let (l, r) = split(xs);
    merge(msort(l), msort(r))
}

// Drops a long list without recursion.
fn drop_list(mut xs: List) {
    while let Some(c) = xs {
        xs = c.tail;
    }
}

fn main() {
    let n: i32 = std::env::args().nth(1).map_or(1000000, |s| s.parse().unwrap());
    let sorted = msort(random_list(n, 42));
    let (mut sum, mut count, mut descents, mut prev, mut last) = (0i64, 0i32, 0, 0, 0);
    let mut c = &sorted;
    while let Some(cell) = c {
        if cell.head < prev {
            descents += 1;
        }
        sum += cell.head as i64 * (count % 7 + 1) as i64;
        prev = cell.head;
        last = cell.head;
        count += 1;
        c = &cell.tail;
    }
    let first = sorted.as_ref().expect("empty list").head;
    println!("sorted {} ints, {} descents", count, descents);
    println!("first {}, last {}", first, last);
    println!("checksum {}", sum);
    drop_list(sorted);
}
