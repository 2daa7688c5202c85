package ai.kaptura.ports.out.fake;

import ai.kaptura.ports.out.Randomness;
import ai.kaptura.ports.out.contract.RandomnessContract;

class SeededRandomnessContractTest extends RandomnessContract {

    @Override
    protected Randomness randomness() {
        return new SeededRandomness();
    }
}
