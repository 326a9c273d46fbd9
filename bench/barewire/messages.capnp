@0xd4c9c1e5a0b7f3e1;
# The benchmark messages (messages.bare) for Cap'n Proto.
struct Small {
  id @0 :UInt32;
  x @1 :Float64;
  y @2 :Float64;
  flag @3 :Bool;
}
struct Rich {
  id @0 :UInt64;
  name @1 :Text;
  email @2 :Text;
  tags @3 :List(Text);
  scores @4 :List(Int32);
}
struct Blob {
  payload @0 :Data;
}
