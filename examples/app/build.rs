fn main() {
    schemagate::generate::migrations("migrations");
}
