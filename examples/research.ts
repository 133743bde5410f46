/**
 * Research-style compositions: per-example gradients (vmap of grad), their norms, a Hessian-vector
 * product (jvp of grad) checked against the full Hessian, and the jaxpr of a gradient.
 */
import { grad, hessian, jvp, makeJaxpr, nn, np, random, vmap, type NDArray } from "../src/index.js";

const [kx, kw] = random.split(random.key(7));
const xs = random.normal(kx!, [8, 3]);
const ys = np.greater(np.sum(xs, 1), 0).astype("float32");
const w = random.normal(kw!, [3]);
const loss = (w: NDArray, x: NDArray, y: NDArray) => nn.losses.sigmoidBinaryCrossEntropy(np.dot(x, w), y);

const perExample = vmap(grad(loss), { inAxes: [null, 0, 0] })(w, xs, ys); // [8, 3]
console.log("per-example gradient norms:", np.sqrt(np.sum(np.square(perExample), 1)).toString());

const total = (w: NDArray) => np.mean(vmap((x: NDArray, y: NDArray) => loss(w, x, y))(xs, ys));
const v = np.array([1, 0, -1]);
const hvp = jvp(grad(total), [w], [v])[1];
const viaHessian = np.matmul(hessian(total)(w), v);
console.log("Hessian-vector product:", hvp.toString(), "matches H·v:", np.allclose(hvp, viaHessian, { atol: 1e-5 }));
console.log("jaxpr of grad(total):");
console.log(makeJaxpr(grad(total))(w).toString());
