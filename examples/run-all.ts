/** `npm run examples`: runs every example script in turn. */
const examples = ["./moons-full-batch.js", "./logistic-regression.js", "./perceptron.js", "./iris-softmax.js", "./research.js"];
for (const path of examples) {
  console.log(`\n=== ${path} ===`);
  await import(path);
}
