/** Analytic results of M/M/c queues, for fidelity tests of the engine. */

/** Erlang C: probability that an arrival waits, for c servers and offered load a = λ/μ. */
export function erlangC(servers: number, offered: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k < servers; k++) {
    term *= offered / k;
    sum += term;
  }
  const last = (term * offered) / servers;
  const rho = offered / servers;
  const waiting = last / (1 - rho);
  return waiting / (sum + waiting);
}

/** Mean time in system (wait + service) of M/M/c, in the units of 1/μ. */
export function mmcMeanResponse(servers: number, arrivalRate: number, serviceRate: number): number {
  const offered = arrivalRate / serviceRate;
  return erlangC(servers, offered) / (servers * serviceRate - arrivalRate) + 1 / serviceRate;
}

/**
 * P(T > t) for the M/M/c response time T = Wq + S, where Wq is 0 with probability 1 − C and
 * otherwise exponential with rate θ = cμ − λ, and S is exponential with rate μ.
 */
export function mmcResponseTail(
  servers: number,
  arrivalRate: number,
  serviceRate: number,
  t: number,
): number {
  const c = erlangC(servers, arrivalRate / serviceRate);
  const theta = servers * serviceRate - arrivalRate;
  const mu = serviceRate;
  const waitedTail =
    Math.abs(theta - mu) < 1e-12
      ? (1 + mu * t) * Math.exp(-mu * t)
      : (theta * Math.exp(-mu * t) - mu * Math.exp(-theta * t)) / (theta - mu);
  return (1 - c) * Math.exp(-mu * t) + c * waitedTail;
}

/** The p-th percentile of the M/M/c response time, by bisection on the tail. */
export function mmcResponsePercentile(
  servers: number,
  arrivalRate: number,
  serviceRate: number,
  percentile: number,
): number {
  const target = 1 - percentile / 100;
  let low = 0;
  let high = 1 / serviceRate;
  while (mmcResponseTail(servers, arrivalRate, serviceRate, high) > target) high *= 2;
  for (let iteration = 0; iteration < 200; iteration++) {
    const middle = (low + high) / 2;
    if (mmcResponseTail(servers, arrivalRate, serviceRate, middle) > target) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}
