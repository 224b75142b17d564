// Parses Adaptive Cards with Microsoft's official `adaptivecards` library (the parser behind the
// HTML renderer) targeting schema 1.5, the version Teams renders. Reads one JSON array of cards
// per line on stdin and prints, per line, the list of problems the parser reported for each card.
// The tests keep one process running and send it a line per batch: starting Node and loading the
// library costs about a quarter of a second, which each end-to-end test used to pay.
const readline = require("readline");
const AC = require("adaptivecards/dist/adaptivecards.js");

function problemsOf(json) {
  const problems = [];
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  context.targetVersion = AC.Versions.v1_5;
  card.parse(json, context);
  for (let i = 0; i < context.eventCount; i++) {
    problems.push(context.getEventAt(i).message);
  }
  const validation = card.validateProperties();
  for (const event of validation.validationEvents) {
    problems.push(event.message);
  }
  return problems;
}

const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on("line", (line) => {
  if (line.trim() === "") return;
  const cards = JSON.parse(line);
  process.stdout.write(JSON.stringify(cards.map(problemsOf)) + "\n");
});
