// Parses Adaptive Cards with Microsoft's official `adaptivecards` library (the parser behind the
// HTML renderer) targeting schema 1.5, the version Teams renders. Reads a JSON array of cards on
// stdin and prints, for each card, the list of problems the parser reported.
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

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const cards = JSON.parse(input);
  process.stdout.write(JSON.stringify(cards.map(problemsOf)));
});
