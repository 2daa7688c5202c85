package ai.kaptura.application;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.AgeAttestation;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.StyleId;
import ai.kaptura.domain.policy.Language;
import ai.kaptura.domain.policy.PolicyVersion;
import ai.kaptura.ports.in.CheckOut;
import ai.kaptura.ports.in.CreateOrder;
import ai.kaptura.ports.in.ReceiveGeneratorEvent;
import ai.kaptura.ports.in.ReceivePaymentEvent;
import ai.kaptura.ports.in.RectifyEmail;
import ai.kaptura.ports.in.SignIn;
import ai.kaptura.ports.in.UploadSelfie;
import ai.kaptura.ports.out.Mail;
import ai.kaptura.ports.out.PaymentGateway;
import ai.kaptura.ports.out.fake.FakeHeadshotGenerator;
import ai.kaptura.ports.out.fake.FakePaymentGateway;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;

/** One person going through Kaptura on a {@link TestKaptura}, step by step, through the use cases only. */
public final class Journey {

    public final TestKaptura k;
    public final EmailAddress email;
    public AccountId account;
    public String sessionToken;
    public OrderId order;

    public Journey(TestKaptura k, String email) {
        this.k = k;
        this.email = EmailAddress.of(email);
    }

    /** Signs in and says, as the sign-up page asks, that the person is 18 or older (R42). */
    public Journey signIn() {
        return signInWithoutStatingAge().statesAge();
    }

    /** Says, as the order page asks before the first selfie, that the person is 18 or older (R42). */
    public Journey statesAge() {
        Optional<PolicyVersion> inForce = k.stores.policyVersions().history().currentAt(k.clock.instant());
        if (inForce.isPresent()) {
            assertThat(k.signIn.stateAdult(account, inForce.get().version(), true))
                    .isEmpty();
        } else {
            // No notice is published in this test's world: the statement is recorded as it would have been.
            k.stores
                    .accounts()
                    .save(k.stores
                            .accounts()
                            .find(account)
                            .orElseThrow()
                            .attest(new AgeAttestation(
                                    TestKaptura.V1, AgeAttestation.Where.SIGN_UP, k.clock.instant())));
        }
        return this;
    }

    /** Signs in only: the person has not said yet that they are 18 or older. */
    public Journey signInWithoutStatingAge() {
        assertThat(k.signIn.start(new SignIn.Start(email))).isInstanceOf(SignIn.Started.CodeSent.class);
        Mail.SignInCode mail = k.mailer.latest(Mail.SignInCode.class, email).orElseThrow();
        SignIn.Verified verified = k.signIn.verify(new SignIn.VerifyCode(email, mail.code()));
        assertThat(verified).isInstanceOf(SignIn.Verified.SignedIn.class);
        account = ((SignIn.Verified.SignedIn) verified).account();
        sessionToken = ((SignIn.Verified.SignedIn) verified).sessionToken();
        return this;
    }

    public Journey order() {
        CreateOrder.Outcome created = k.orders.handle(new CreateOrder.Command(
                account, TestKaptura.STARTER.id(), List.of(TestKaptura.STUDIO, TestKaptura.OUTDOOR)));
        assertThat(created).isInstanceOf(CreateOrder.Outcome.Created.class);
        order = ((CreateOrder.Outcome.Created) created).order().id();
        return this;
    }

    public Journey upload(int selfies) {
        for (int i = 0; i < selfies; i++) {
            UploadSelfie.Outcome outcome = upload(png(64 + i, i));
            assertThat(outcome).isInstanceOf(UploadSelfie.Outcome.Uploaded.class);
        }
        return this;
    }

    public UploadSelfie.Outcome upload(byte[] bytes) {
        return k.orders.upload(new UploadSelfie.Upload(account, order, new ByteArrayInputStream(bytes)));
    }

    public CheckOut.Outcome checkOut(boolean biometric, boolean vendor, boolean adult) {
        return k.checkout.handle(
                new CheckOut.Command(account, order, biometric, vendor, adult, TestKaptura.V1, Language.ENGLISH));
    }

    public Journey checkOut() {
        CheckOut.Outcome outcome = checkOut(true, true, true);
        assertThat(outcome).isInstanceOf(CheckOut.Outcome.Ready.class);
        return this;
    }

    /** The person pays at the processor and its webhook arrives. */
    public Journey pay() {
        FakePaymentGateway gateway = k.paymentProcessor;
        PaymentGateway.Session session = k.sessionOf(order);
        FakePaymentGateway.Webhook webhook = gateway.paidWebhook(session, gateway.pay(session));
        ReceivePaymentEvent.Outcome outcome = k.webhook(webhook);
        assertThat(outcome).isInstanceOf(ReceivePaymentEvent.Outcome.Applied.class);
        return this;
    }

    public Order current() {
        return k.book.require(order);
    }

    public ModelRef model() {
        return current().model().orElseThrow().ref();
    }

    /** The vendor finishes training and calls back. */
    public Journey trainingFinishes() {
        FakeHeadshotGenerator.Callback callback = k.trainingFinished(model());
        assertThat(k.callBack(callback)).isInstanceOf(ReceiveGeneratorEvent.Outcome.Applied.class);
        return this;
    }

    /** The vendor finishes generating every style and calls back for each. */
    public Journey generationFinishes() {
        FakeHeadshotGenerator vendor = k.vendor();
        vendor.finishGenerating(model());
        for (StyleId style : current().styles()) {
            FakeHeadshotGenerator.Callback callback = vendor.imagesReadyCallback(model(), style);
            k.callBack(callback);
        }
        return this;
    }

    /** Asks to move the account to {@code next}; answers the code mailed there to confirm it. */
    public String askToMoveTo(EmailAddress next) {
        k.rectify.start(new RectifyEmail.Start(account, next));
        return k.mailer.latest(Mail.VerifyNewAddress.class, next).orElseThrow().code();
    }

    /** Confirms the move to {@code next} with {@code code}, from this journey's session. */
    public RectifyEmail.Outcome confirmMove(EmailAddress next, String code) {
        return k.rectify.confirm(new RectifyEmail.Confirm(account, next, code, sessionToken));
    }

    /** Sign-in to payment of an order with eight selfies; the jobs that payment scheduled have not run yet. */
    public Journey paid() {
        return signIn().order().upload(8).checkOut().pay();
    }

    /** Paid, with the jobs due run: the selfies went to the vendor, which is training the model. */
    public Journey training() {
        paid();
        k.runDueJobs();
        return this;
    }

    /** Training finished and the jobs due run: the vendor is generating the headshots. */
    public Journey generating() {
        training().trainingFinishes();
        k.runDueJobs();
        return this;
    }

    /** Sign-in to delivery, with every job run as it falls due. */
    public Journey delivered() {
        generating().generationFinishes();
        k.runDueJobs();
        return this;
    }

    /** A small, real PNG: distinct pixels per selfie, so each has its own hash. */
    public static byte[] png(int size, int seed) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color((seed * 53) % 256, (seed * 97) % 256, (seed * 31) % 256));
        g.fillRect(0, 0, size, size);
        g.setColor(Color.WHITE);
        g.fillOval(size / 4, size / 4, size / 2, size / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
