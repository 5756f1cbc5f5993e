use super::*;

fn added(key: &str, def: &str) -> Change {
    Change::Added { key: key.into(), definition: def.into() }
}

fn trace(index: usize, kind: Kind, changes: Vec<Change>) -> Trace {
    let sql = changes.iter().map(|c| Some(format!("SQL FOR {}", c.key()))).collect();
    Trace { index, line: index as u32, kind, changes, sql }
}

fn live(pairs: &[(&str, &str)]) -> Schema {
    Schema { elements: pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect() }
}

fn actions(plan: &MigrationPlan) -> Vec<Action> {
    plan.statements.iter().map(|s| s.3.clone()).collect()
}

#[test]
fn present_absent_and_partial_migrations() {
    let traces = vec![
        vec![trace(1, Kind::Ddl, vec![added("table a", "t"), added("column a.id", "int")])],
        vec![
            trace(1, Kind::Ddl, vec![added("column a.x", "int")]),
            trace(2, Kind::Data, vec![]),
            trace(3, Kind::Ddl, vec![added("index a (x)", "BTREE")]),
            trace(4, Kind::Data, vec![]),
        ],
        vec![trace(1, Kind::Ddl, vec![added("table b", "t")]), trace(2, Kind::Data, vec![])],
    ];
    let db = live(&[("table a", "t"), ("column a.id", "int"), ("column a.x", "int")]);
    let plans = decide(&traces, &db, &[None, None, None]);
    assert_eq!(plans[0].verdict, Verdict::Present);
    assert_eq!(actions(&plans[0]), [Action::Skip]);
    assert_eq!(plans[1].verdict, Verdict::Partial);
    // The UPDATE before the missing index ran with the old way; the one after did not.
    assert_eq!(actions(&plans[1]), [Action::Skip, Action::Skip, Action::Run, Action::Run]);
    assert_eq!(plans[2].verdict, Verdict::Absent);
    assert_eq!(actions(&plans[2]), [Action::Run, Action::Run]);
}

#[test]
fn a_partly_present_alter_runs_only_its_missing_part() {
    let traces = vec![vec![trace(1, Kind::Ddl, vec![added("column w.a", "int"), added("column w.b", "int")])]];
    let plans = decide(&traces, &live(&[("column w.a", "int")]), &[None]);
    assert_eq!(plans[0].verdict, Verdict::Partial);
    assert_eq!(actions(&plans[0]), [Action::RunSql(vec!["SQL FOR column w.b".into()])]);
    let mut no_sql = traces.clone();
    no_sql[0][0].sql = vec![None, None];
    let plans = decide(&no_sql, &live(&[("column w.a", "int")]), &[None]);
    assert!(matches!(plans[0].verdict, Verdict::Undecidable(_)), "{plans:?}");
}

#[test]
fn a_column_changed_by_a_later_migration_counts_as_there() {
    let traces = vec![
        vec![trace(1, Kind::Ddl, vec![added("column u.n", "int")])],
        vec![trace(
            1,
            Kind::Ddl,
            vec![Change::Changed { key: "column u.n".into(), before: "int".into(), after: "bigint".into() }],
        )],
    ];
    let plans = decide(&traces, &live(&[("column u.n", "bigint")]), &[None, None]);
    assert_eq!(plans[0].verdict, Verdict::Present);
    assert_eq!(plans[1].verdict, Verdict::Present);
}

#[test]
fn a_data_only_migration_after_present_ones_needs_a_choice() {
    let traces = vec![
        vec![trace(1, Kind::Data, vec![])],
        vec![trace(1, Kind::Ddl, vec![added("table c", "t")])],
        vec![trace(1, Kind::Data, vec![])],
    ];
    let db = live(&[("table c", "t")]);
    let plans = decide(&traces, &db, &[None, None, None]);
    assert!(matches!(plans[0].verdict, Verdict::Undecidable(_)), "{plans:?}");
    assert!(matches!(plans[2].verdict, Verdict::Undecidable(_)), "{plans:?}");
    let fresh = decide(&traces, &live(&[]), &[None, None, None]);
    assert_eq!(fresh[0].verdict, Verdict::Absent, "nothing ever ran");
    let plans = decide(&traces, &db, &[Some(Choice::Applied), None, None]);
    assert_eq!(actions(&plans[0]), [Action::Skip]);
    let plans = decide(&traces, &db, &[Some(Choice::Run), None, None]);
    assert_eq!(actions(&plans[0]), [Action::Run]);
}
