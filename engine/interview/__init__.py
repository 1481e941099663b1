"""The mock interview without any UI: which key points a typed answer made, how that rates, which
chains of questions a focus profile asks. The screens live in quizapp; this package only reads the
bank's domain objects (engine.bank), like every other engine consumer."""
